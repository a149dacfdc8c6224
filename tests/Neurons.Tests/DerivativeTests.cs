namespace Neurons.Tests;

/// <summary>Every analytic derivative in the library against the central finite difference.</summary>
public class DerivativeTests
{
    private const double Tolerance = 1e-6;

    private static void AssertClose(double analytic, double numeric, string what) =>
        Assert.True(GradientCheck.Difference(analytic, numeric) < Tolerance,
            $"{what}: analytic {analytic:R} vs finite difference {numeric:R}");

    [Fact]
    public void The_gradient_check_itself_finds_known_derivatives()
    {
        Assert.Equal(12, GradientCheck.Central(x => x * x * x, 2), 6);
        Assert.Equal(Math.Cos(1), GradientCheck.Central(Math.Sin, 1), 8);
        var gradient = GradientCheck.Central(p => p[0] * p[0] * p[1] + 3 * p[1], [2.0, 5.0]);
        Assert.Equal(20, gradient[0], 6);   // ∂/∂x x²y = 2xy
        Assert.Equal(7, gradient[1], 6);    // ∂/∂y x²y + 3y = x² + 3
        Assert.True(GradientCheck.Difference(1.0, 2.0) > 0.4, "a wrong derivative is caught");
    }

    /// <summary>Goals and activations on a grid, keeping away from the kink of |e| at e = 0.</summary>
    private static IEnumerable<(double Goal, double Activation)> LinearPoints()
    {
        double[] values = [-50, -12.5, -1, -0.3, 0, 0.7, 2, 31.8, 62.6, 100];
        foreach (var g in values)
            foreach (var a in values)
                if (Math.Abs(g - a) > 1e-3)
                    yield return (g, a);
    }

    public static TheoryData<string> LinearErrors() => ["simple", "flipped", "absolute", "absolute of flipped", "squared", "squared of flipped"];

    private static IError ErrorNamed(string name) => name switch
    {
        "simple" => new SimpleError(),
        "flipped" => new FlippedError(),
        "absolute" => new AbsoluteError(),
        "absolute of flipped" => new AbsoluteError(new FlippedError()),
        "squared" => new SquaredError(),
        "squared of flipped" => new SquaredError(new FlippedError()),
        "cross-entropy" => new BinaryCrossEntropy(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(LinearErrors))]
    public void Each_errors_derivative_matches_the_finite_difference(string name)
    {
        var error = ErrorNamed(name);
        var points = 0;
        foreach (var (g, a) in LinearPoints())
        {
            AssertClose(error.Derivative(g, a), GradientCheck.Central(x => error.Error(g, x), a), $"{name} at g = {g}, a = {a}");
            points++;
        }
        Assert.True(points > 80);
    }

    [Fact]
    public void Cross_entropys_derivative_matches_the_finite_difference()
    {
        foreach (var y in new[] { 0.0, 1.0, 0.25, 0.5 })
            for (var yHat = 0.01; yHat < 0.995; yHat += 0.0175)
                AssertClose(new BinaryCrossEntropy().Derivative(y, yHat),
                    GradientCheck.Central(x => new BinaryCrossEntropy().Error(y, x), yHat, 1e-7), $"cross-entropy at y = {y}, ŷ = {yHat}");
    }

    [Fact]
    public void The_absolute_errors_derivative_is_the_sign_of_the_simple_error_times_minus_1_on_each_side_of_the_kink()
    {
        Assert.Equal(-1, new AbsoluteError().Derivative(10, 3));   // g - a > 0: |e|' = 1, de/da = -1
        Assert.Equal(1, new AbsoluteError().Derivative(3, 10));    // g - a < 0: |e|' = -1, de/da = -1
        Assert.Equal(0, new AbsoluteError().Derivative(5, 5));     // at the kink the library takes 0
    }

    [Fact]
    public void Each_activations_derivative_matches_the_finite_difference()
    {
        foreach (IActivation f in new IActivation[] { new Identity(), new Sigmoid() })
            for (var z = -10.0; z <= 10; z += 0.37)
                AssertClose(f.Derivative(z), GradientCheck.Central(f.Apply, z), $"{f.Name} at z = {z}");
    }

    [Theory]
    [MemberData(nameof(LinearErrors))]
    public void The_linear_neurons_weight_derivatives_are_the_chain_rule_through_each_error(string name)
    {
        var error = ErrorNamed(name);
        var random = new Random(2024);
        for (var trial = 0; trial < 200; trial++)
        {
            var w1 = Seeded.Uniform(random, -5, 5);
            var w2 = Seeded.Uniform(random, -40, 40);
            var input = Seeded.Uniform(random, -10, 10);
            var goal = Temperature.CelsiusToFahrenheit(input) + Seeded.Uniform(random, -3, 3);
            var neuron = new LinearNeuron(w1, w2) { Input = input };
            var activation = neuron.FeedForward();
            if (Math.Abs(goal - activation) < 1e-3) continue; // the kink of |e|

            double ErrorAt(double v1, double v2) => error.Error(goal, v1 * input + v2);
            var dEdA = error.Derivative(goal, activation);
            AssertClose(neuron.ErrorDerivativeForW1(dEdA), GradientCheck.Central(v => ErrorAt(v, w2), w1), $"{name} dE/dw1");
            AssertClose(neuron.ErrorDerivativeForW2(dEdA), GradientCheck.Central(v => ErrorAt(w1, v), w2), $"{name} dE/dw2");
        }
    }

    [Fact]
    public void A_neurons_backpropagation_matches_the_finite_difference_for_each_weight_and_the_bias()
    {
        var random = new Random(5);
        foreach (IActivation f in new IActivation[] { new Identity(), new Sigmoid() })
            for (var trial = 0; trial < 50; trial++)
            {
                double[] x = [Seeded.Normal(random), Seeded.Normal(random), Seeded.Normal(random)];
                double[] w = [Seeded.Normal(random), Seeded.Normal(random), Seeded.Normal(random)];
                var bias = Seeded.Normal(random);
                var goal = random.NextDouble();
                var neuron = new Neuron((double[])w.Clone(), bias, f);
                var output = neuron.FeedForward(x);
                neuron.Backpropagate(x, new SquaredError().Derivative(goal, output));

                double ErrorAt(double[] p) => new SquaredError().Error(goal, new Neuron(p[..3], p[3], f).FeedForward(x));
                var numeric = GradientCheck.Central(ErrorAt, [.. w, bias]);
                for (var i = 0; i < 3; i++)
                    AssertClose(neuron.WeightGradients[i], numeric[i], $"{f.Name} dE/dw{i + 1}");
                AssertClose(neuron.BiasGradient, numeric[3], $"{f.Name} dE/db");
            }
    }

    public static TheoryData<int, int, bool, string> Networks()
    {
        var data = new TheoryData<int, int, bool, string>();
        foreach (var inputs in new[] { 2, 3 })
            foreach (var bias in new[] { true, false })
                foreach (var error in new[] { "squared", "cross-entropy" })
                    data.Add(inputs, 1, bias, error);
        data.Add(3, 3, true, "squared");         // a deeper 3-3-2-1 network too
        data.Add(3, 3, false, "cross-entropy");
        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_networks_backpropagation_matches_the_finite_difference_over_many_seeds(int inputCount, int hiddenLayers, bool useBias, string errorName)
    {
        var error = ErrorNamed(errorName);
        int[] layers = hiddenLayers == 1 ? [2, 1] : [3, 2, 1];
        var random = new Random(inputCount * 100 + hiddenLayers * 10 + (useBias ? 1 : 0));
        for (var seed = 0; seed < 60; seed++)
        {
            var network = new Network(inputCount, layers, seed, useBias: useBias);
            var x = new double[inputCount];
            for (var i = 0; i < inputCount; i++) x[i] = 2 * Seeded.Normal(random);
            var goal = random.Next(2); // 0 or 1, as both errors see it in the chapters
            var numeric = GradientCheck.ForNetwork(network, x, goal, error);
            var loss = network.Backpropagate(x, goal, error);
            var analytic = network.GetGradient();
            Assert.Equal(network.Parameters.Count, analytic.Length);
            Assert.Equal(error.Error(goal, network.FeedForward(x)), loss, 14);
            for (var k = 0; k < analytic.Length; k++)
                AssertClose(analytic[k], numeric[k], $"seed {seed}, {network.Parameters[k].Name}");
        }
    }

    /// <summary>An activation the library does not know, so the network takes its general path.</summary>
    private sealed class Tanh : IActivation
    {
        public string Name => "tanh";
        public double Apply(double z) => Math.Tanh(z);
        public double Derivative(double z) => 1 - Math.Tanh(z) * Math.Tanh(z);
    }

    public static TheoryData<string> Activations() => ["sigmoid", "identity", "tanh"];

    private static IActivation ActivationNamed(string name) => name switch
    {
        "sigmoid" => new Sigmoid(),
        "identity" => new Identity(),
        _ => new Tanh(),
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void An_activations_derivative_from_its_output_is_its_derivative(string name)
    {
        var f = ActivationNamed(name);
        foreach (var z in new[] { -30, -4.5, -1, -0.01, 0, 0.3, 1, 2.5, 7, 30 })
        {
            Assert.Equal(f.Derivative(z), f.DerivativeFromOutput(z, f.Apply(z)));
            AssertClose(f.DerivativeFromOutput(z, f.Apply(z)), GradientCheck.Central(f.Apply, z), $"{name} f'({z})");
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void A_network_of_any_activation_backpropagates_the_finite_difference_and_steps_along_it(string name)
    {
        var f = ActivationNamed(name);
        var random = new Random(17);
        for (var seed = 0; seed < 30; seed++)
        {
            var network = new Network(3, [3, 2, 1], seed, f);
            Assert.All(network.Neurons, n => Assert.Same(f, n.ActivationFunction));
            double[] x = [Seeded.Normal(random), Seeded.Normal(random), Seeded.Normal(random)];
            var goal = random.NextDouble();
            var numeric = GradientCheck.ForNetwork(network, x, goal, new SquaredError());
            network.Backpropagate(x, goal, new SquaredError());
            var gradient = network.GetGradient();
            for (var k = 0; k < gradient.Length; k++)
                AssertClose(gradient[k], numeric[k], $"{name}, seed {seed}, {network.Parameters[k].Name}");

            // A step moves every parameter by -η × the gradient of the parameters before the step,
            // lower layers included: their gradient must not see the upper layers' new weights.
            var before = network.GetParameters();
            network.TrainStep(x, goal, new SquaredError(), 0.1);
            var after = network.GetParameters();
            for (var k = 0; k < after.Length; k++)
                Assert.Equal(before[k] - 0.1 * gradient[k], after[k], 14);
        }
    }

    [Fact]
    public void The_gradient_check_leaves_the_networks_parameters_as_they_were()
    {
        var network = new Network(2, [2, 1], seed: 9);
        var before = network.GetParameters();
        GradientCheck.ForNetwork(network, [1.0, -2.0], 1, new SquaredError());
        Assert.Equal(before, network.GetParameters());
    }
}
