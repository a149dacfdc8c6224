namespace Neurons.Tests;

/// <summary>
/// The library's bad inputs of issue 13, item 10, and NaN written into the weights a learner can
/// reach (issue 14): each a clear error that names the argument and shows the value, or divergence
/// reported by the trainer, never NaN or infinity handed back as a result.
/// </summary>
public class LibraryBadInputTests
{
    private static T Throws<T>(Action act, string paramName, params string[] shown) where T : ArgumentException
    {
        var exception = Assert.Throws<T>(act);
        Assert.Equal(paramName, exception.ParamName);
        foreach (var text in shown)
            Assert.Contains(text, exception.Message);
        return exception;
    }

    // Cross-entropy, clamped as PyTorch's BCELoss: ln is never below -100.

    [Fact]
    public void Cross_entropy_of_a_confident_right_prediction_is_zero_and_of_a_confident_wrong_one_is_finite()
    {
        var bce = new BinaryCrossEntropy();
        Assert.Equal(0, bce.Error(1, 1));
        Assert.Equal(0, bce.Error(0, 0));
        Assert.Equal(100, bce.Error(1, 0));   // -ln(0) clamped to 100, PyTorch's value
        Assert.Equal(100, bce.Error(0, 1));
        Assert.Equal(0, bce.Derivative(1, 1));
        Assert.Equal(0, bce.Derivative(0, 0));
        Assert.True(double.IsFinite(bce.Derivative(1, 0)) && bce.Derivative(1, 0) < 0);
        Assert.True(double.IsFinite(bce.Derivative(0, 1)) && bce.Derivative(0, 1) > 0);
        // Away from the ends nothing changes: ln 0.5.
        Assert.Equal(-Math.Log(0.5), bce.Error(1, 0.5), 15);
    }

    [Fact]
    public void A_network_that_is_exactly_right_under_cross_entropy_completes_instead_of_diverging()
    {
        // Weights of 100 saturate every sigmoid: ŷ is exactly 1.0 for these positive inputs, and the goal is 1.
        var network = Network.WithConstants(2, [2, 1], weight: 100, bias: 0);
        var data = new Dataset([[1.0, 2.0], [3.0, 1.0]], [1.0, 1.0]);
        Assert.Equal(1.0, network.FeedForward(data.Inputs[0]));
        var result = NetworkTrainer.Train(network, data, new BinaryCrossEntropy(), 0.1, 5);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.All(result.Epochs, e => Assert.Equal(0, e.Loss));
    }

    [Theory]
    [InlineData(2.0, "2")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1.0000001, "1.0000001")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Cross_entropy_refuses_a_goal_that_is_not_a_probability(double goal, string shown)
    {
        var bce = new BinaryCrossEntropy();
        Throws<ArgumentOutOfRangeException>(() => bce.Error(goal, 0.5), "goal", shown, "[0, 1]");
        Throws<ArgumentOutOfRangeException>(() => bce.Derivative(goal, 0.5), "goal", shown, "[0, 1]");
        var network = new Network(2, [2, 1], seed: 0);
        var before = network.GetParameters();
        if (double.IsFinite(goal))
            Throws<ArgumentOutOfRangeException>(() => network.TrainStep([1.0, 2.0], goal, bce, 0.1), "goal", shown);
        Assert.Equal(before, network.GetParameters());
    }

    [Fact]
    public void Cross_entropy_refuses_a_prediction_that_is_not_a_probability_but_lets_a_diverged_NaN_through()
    {
        var bce = new BinaryCrossEntropy();
        Throws<ArgumentOutOfRangeException>(() => bce.Error(1, 1.5), "activation", "1.5");
        Throws<ArgumentOutOfRangeException>(() => bce.Derivative(0, -2), "activation", "-2");
        Assert.True(double.IsNaN(bce.Error(1, double.NaN)));
    }

    // A goal that is not a number

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Every_error_refuses_a_goal_that_is_not_finite(double goal, string shown)
    {
        foreach (IError error in new IError[] { new SquaredError(), new AbsoluteError(), new SimpleError(), new FlippedError(), new SquaredError(new FlippedError()) })
        {
            Throws<ArgumentOutOfRangeException>(() => error.Error(goal, 1), "goal", shown);
            Throws<ArgumentOutOfRangeException>(() => error.Derivative(goal, 1), "goal", shown);
        }
        var result = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LinearTrainer.Train(new LinearNeuron(), [(1.0, 33.8), (2.0, goal)], new SquaredError(), 10));
        Assert.Equal("goal", result.ParamName);
    }

    // Backpropagate(1e308)

    [Fact]
    public void A_step_that_would_make_a_weight_infinite_is_refused_and_the_weights_kept()
    {
        var neuron = new LinearNeuron { Input = 17 };
        neuron.FeedForward();
        Throws<ArgumentOutOfRangeException>(() => neuron.Backpropagate(1e308), "errorDerivative", "1E+308", "w1 = -Infinity");
        Assert.Equal((0.1, 0.2), (neuron.W1, neuron.W2));
        neuron.Backpropagate(-1);   // an ordinary step still works after
        Assert.Equal(0.1 + 0.01 * 17, neuron.W1, 12);
    }

    [Fact]
    public void A_linear_run_whose_step_overflows_is_reported_as_diverged()
    {
        var result = LinearTrainer.Train(new LinearNeuron(0.1, 0.2, learningRate: 1e308), new CelsiusSampler(1), new SquaredError(), 100);
        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.StartsWith("Diverged at iteration 1: the weights ran away", result.Summary);
    }

    [Fact]
    public void A_network_step_that_would_make_a_parameter_infinite_is_refused_and_every_parameter_kept()
    {
        // Identity neurons and inputs of 1000: dE/dw1 = 2 × 4000 × 1000 = 8e6, so η = 1e302 overflows.
        var network = Network.WithConstants(2, [2, 1], weight: 1, activation: new Identity());
        double[] x = [1000, 1000];
        var before = network.GetParameters();
        network.Backpropagate(x, 0, new SquaredError());
        Throws<ArgumentOutOfRangeException>(() => network.Step(1e302), "learningRate", "1E+302", "would move w1 to -Infinity");
        Assert.Equal(before, network.GetParameters());
        Throws<ArgumentOutOfRangeException>(() => network.TrainStep(x, 0, new SquaredError(), 1e302), "learningRate", "1E+302");
        Assert.Equal(before, network.GetParameters());
        network.Step(1e-9);   // an ordinary step still moves
        Assert.NotEqual(before, network.GetParameters());

        // The trainer, which steps the same way, reports it as divergence instead.
        var result = NetworkTrainer.Train(network, new Dataset([x], [0.0]), new SquaredError(), 1e302, 3);
        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
    }

    // Seeded.Uniform

    [Fact]
    public void Uniform_refuses_bounds_that_are_not_finite_or_not_in_order()
    {
        var random = new Random(1);
        Throws<ArgumentOutOfRangeException>(() => Seeded.Uniform(random, double.NaN, 1), "low", "NaN");
        Throws<ArgumentOutOfRangeException>(() => Seeded.Uniform(random, 0, double.PositiveInfinity), "high", "Infinity");
        Throws<ArgumentOutOfRangeException>(() => Seeded.Uniform(random, 5, 1), "low", "low was 5", "high 1");
        Throws<ArgumentOutOfRangeException>(() => Seeded.Uniform(random, 2, 2), "low", "low was 2");
        Throws<ArgumentOutOfRangeException>(() => Seeded.Uniform(random, -1e308, 1e308), "high", "overflows");
        var draw = Seeded.Uniform(random, -10, 10);
        Assert.InRange(draw, -10, 10);
    }

    // Network(int.MaxValue, …)

    [Fact]
    public void A_network_too_large_to_hold_is_refused_before_anything_is_allocated()
    {
        Throws<ArgumentOutOfRangeException>(() => new Network(int.MaxValue, [2, 1], seed: 0), "inputCount", "2147483647", "1,000,000");
        Throws<ArgumentOutOfRangeException>(() => new Network(2, [int.MaxValue, 1], seed: 0), "layerSizes", "2147483647");
        Throws<ArgumentOutOfRangeException>(() => new Network(3, [100_000, 100_000, 1], seed: 0), "layerSizes", "[100000, 100000, 1]");
        Throws<ArgumentOutOfRangeException>(() => Network.WithConstants(int.MaxValue, [1], 0.5), "inputCount", "2147483647");
    }

    // NaN written into the weights a learner can reach

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void A_weight_that_is_not_finite_is_refused_wherever_a_learner_can_write_it(double value, string shown)
    {
        var linear = new LinearNeuron();
        Throws<ArgumentOutOfRangeException>(() => linear.W1 = value, "W1", shown);
        Throws<ArgumentOutOfRangeException>(() => linear.W2 = value, "W2", shown);
        Throws<ArgumentOutOfRangeException>(() => linear.Parameters[1].Value = value, "w2", shown);
        Assert.Equal((0.1, 0.2), (linear.W1, linear.W2));

        var network = new Network(2, [2, 1], seed: 0);
        var before = network.GetParameters();
        Throws<ArgumentOutOfRangeException>(() => network.Layers[0][1].Weights[0] = value, "value", "Weights[0] (w1)", shown);
        Throws<ArgumentOutOfRangeException>(() => network.OutputNeuron.Bias = value, "Bias", shown);
        Throws<ArgumentOutOfRangeException>(() => network.Parameters[4].Value = value, "w5", shown);
        Throws<ArgumentOutOfRangeException>(() => network.Parameters[8].Value = value, "b3", shown);
        Assert.Equal(before, network.GetParameters());
    }

    [Fact]
    public void A_neurons_weights_are_its_own_not_the_callers_array()
    {
        double[] weights = [0, 1];
        var neuron = new Neuron(weights, 4);
        weights[0] = double.NaN;
        Assert.Equal([0.0, 1.0], neuron.Weights);
        Assert.Equal(0.999, neuron.FeedForward([2.0, 3.0]), 3);
    }

    [Fact]
    public void A_weight_index_out_of_range_names_the_index()
    {
        var neuron = new Neuron([0, 1], 4);
        Throws<ArgumentOutOfRangeException>(() => neuron.Weights[2] = 1, "index", "0 to 1", "was 2");
        Throws<ArgumentOutOfRangeException>(() => _ = neuron.Weights[-1], "index", "was -1");
        Throws<ArgumentException>(() => neuron.Backpropagate([1.0, 2.0], 0.5, new double[3]), "inputDerivatives", "2", "had 3");
    }
}
