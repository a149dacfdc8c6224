namespace Neurons.Tests;

/// <summary>
/// Text 000, "Flipping e_simple": defining the simple error as a - g instead of g - a flips the
/// error's sign and the sign of de/da, so dE/da, and with it every weight update, stays the same.
/// </summary>
public class FlippedErrorTests
{
    private static readonly IError Squared = new SquaredError();
    private static readonly IError SquaredOfFlipped = new SquaredError(new FlippedError());

    [Fact]
    public void The_flipped_simple_error_is_minus_the_simple_error_and_its_derivative_is_plus_1()
    {
        foreach (var (g, a) in new[] { (62.6, 1.9), (1.0, 3.0), (-5.0, -5.5) })
        {
            Assert.Equal(-new SimpleError().Error(g, a), new FlippedError().Error(g, a));
            Assert.Equal(-1, new SimpleError().Derivative(g, a));
            Assert.Equal(1, new FlippedError().Derivative(g, a));
        }
    }

    [Fact]
    public void Squared_errors_of_either_sign_have_the_same_value_and_the_same_dE_da()
    {
        var random = new Random(17);
        for (var k = 0; k < 1000; k++)
        {
            var g = Seeded.Uniform(random, -100, 100);
            var a = Seeded.Uniform(random, -100, 100);
            Assert.Equal(Squared.Error(g, a), SquaredOfFlipped.Error(g, a));
            Assert.Equal(Squared.Derivative(g, a), SquaredOfFlipped.Derivative(g, a));
            var absoluteOfFlipped = new AbsoluteError(new FlippedError());
            Assert.Equal(new AbsoluteError().Derivative(g, a), absoluteOfFlipped.Derivative(g, a));
        }
    }

    [Fact]
    public void At_17_celsius_both_give_minus_2_e_simple_input_for_w1_and_minus_2_e_simple_for_w2()
    {
        var neuron = new LinearNeuron { Input = 17 };
        var a = neuron.FeedForward();
        var g = Temperature.CelsiusToFahrenheit(17);
        var eSimple = g - a;
        foreach (var error in new[] { Squared, SquaredOfFlipped })
        {
            var dEdA = error.Derivative(g, a);
            Assert.Equal(-2 * eSimple * 17, neuron.ErrorDerivativeForW1(dEdA), 9);
            Assert.Equal(-2 * eSimple, neuron.ErrorDerivativeForW2(dEdA), 9);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(99)]
    public void Training_with_either_sign_gives_identical_weights_at_every_step(int seed)
    {
        var simple = LinearTrainer.Train(new LinearNeuron(), new CelsiusSampler(seed), Squared, 2000, stopAtThreshold: false);
        var flipped = LinearTrainer.Train(new LinearNeuron(), new CelsiusSampler(seed), SquaredOfFlipped, 2000, stopAtThreshold: false);
        Assert.Equal(simple.Steps.Count, flipped.Steps.Count);
        for (var k = 0; k < simple.Steps.Count; k++)
        {
            Assert.Equal(simple.Steps[k].W1, flipped.Steps[k].W1);
            Assert.Equal(simple.Steps[k].W2, flipped.Steps[k].W2);
            Assert.Equal(simple.Steps[k].Prediction, flipped.Steps[k].Prediction);
        }
        Assert.Equal(simple.ConvergedAt, flipped.ConvergedAt);
        Assert.NotNull(simple.ConvergedAt);
    }

    [Fact]
    public void A_network_trained_with_either_sign_ends_with_identical_parameters()
    {
        var a = new Network(2, [2, 1], seed: 4);
        var b = new Network(2, [2, 1], seed: 4);
        NetworkTrainer.Train(a, People.ShiftedTraining, Squared, 0.1, 200);
        NetworkTrainer.Train(b, People.ShiftedTraining, SquaredOfFlipped, 0.1, 200);
        Assert.Equal(a.GetParameters(), b.GetParameters());
    }
}
