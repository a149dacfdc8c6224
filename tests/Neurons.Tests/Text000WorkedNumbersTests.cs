namespace Neurons.Tests;

/// <summary>
/// The worked numbers of text 000 ("Building with Neurons", chapters 1 and 2), reproduced by the
/// library to the precision the text prints. The example input is 17 °C throughout: the text's
/// "37 °C gives 3.9" is a slip (seeds README), every later number follows from 17 °C.
/// </summary>
public class Text000WorkedNumbersTests
{
    private const double Celsius = 17;

    private static LinearNeuron NeuronAt17(double w1 = 0.1, double w2 = 0.2, double learningRate = 0.01)
    {
        var neuron = new LinearNeuron(w1, w2, learningRate) { Input = Celsius };
        neuron.FeedForward();
        return neuron;
    }

    [Fact]
    public void A_new_neuron_starts_at_the_texts_weights_and_learning_rate()
    {
        var neuron = new LinearNeuron();
        Assert.Equal((0.1, 0.2), (neuron.W1, neuron.W2));
        Assert.Equal(0.01, neuron.LearningRate);
    }

    [Fact]
    public void Feedforward_of_17_celsius_is_1_9_not_the_3_9_the_text_prints_for_37()
    {
        var neuron = new LinearNeuron { Input = Celsius };
        var prediction = neuron.FeedForward();
        TextPrecision.Matches(1.9, prediction, 1);
        Assert.Equal(prediction, neuron.Activation);
        // The text's 3.9 is what 37 °C gives; it is not the example it goes on to use.
        neuron.Input = 37;
        TextPrecision.Matches(3.9, neuron.FeedForward(), 1);
    }

    [Fact]
    public void The_goal_for_17_celsius_is_62_6_fahrenheit()
    {
        TextPrecision.Matches(62.6, Temperature.CelsiusToFahrenheit(17), 1);
        TextPrecision.Near(32, Temperature.CelsiusToFahrenheit(0), 1e-12);
        TextPrecision.Near(212, Temperature.CelsiusToFahrenheit(100), 1e-12);
    }

    [Fact]
    public void The_error_at_17_celsius_is_60_7_both_simple_and_absolute()
    {
        var neuron = NeuronAt17();
        var goal = Temperature.CelsiusToFahrenheit(Celsius);
        TextPrecision.Matches(60.7, new SimpleError().Error(goal, neuron.Activation), 1);
        TextPrecision.Matches(60.7, new AbsoluteError().Error(goal, neuron.Activation), 1);
    }

    [Theory]
    [InlineData(-40)]
    [InlineData(-18.7)]
    [InlineData(-10)]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(37)]
    public void The_simple_error_over_the_input_is_the_line_1_7_C_plus_31_8(double celsius)
    {
        var neuron = new LinearNeuron { Input = celsius };
        var error = new SimpleError().Error(Temperature.CelsiusToFahrenheit(celsius), neuron.FeedForward());
        TextPrecision.Near(1.7 * celsius + 31.8, error, 1e-9);
    }

    [Fact]
    public void The_error_line_at_an_input_of_minus_40_celsius_is_minus_36_2()
    {
        // The text says "an input of -40 °F"; the input of the error line is in °C: -40 °C.
        var neuron = new LinearNeuron { Input = -40 };
        var error = new SimpleError().Error(Temperature.CelsiusToFahrenheit(-40), neuron.FeedForward());
        TextPrecision.Matches(-36.2, error, 1);
        Assert.Equal(36.2, new AbsoluteError().Error(Temperature.CelsiusToFahrenheit(-40), neuron.Activation), 9);
    }

    [Fact]
    public void The_error_line_crosses_zero_at_minus_18_7_celsius_where_the_neuron_predicts_minus_1_67()
    {
        var root = -31.8 / 1.7;
        TextPrecision.Matches(-18.7, root, 1);
        var neuron = new LinearNeuron { Input = root };
        var prediction = neuron.FeedForward();
        TextPrecision.Near(0, new AbsoluteError().Error(Temperature.CelsiusToFahrenheit(root), prediction), 1e-12);
        // The text prints -1.66 °F here; 0.1 × (-18.706) + 0.2 = -1.6706, which rounds to -1.67.
        TextPrecision.Matches(-1.67, prediction, 2);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.1)]
    [InlineData(1.8)]
    [InlineData(3.0)]
    [InlineData(5.0)]
    public void The_error_as_a_function_of_w1_is_the_absolute_of_62_4_minus_17_w1(double w1)
    {
        var neuron = NeuronAt17(w1: w1);
        var error = new AbsoluteError().Error(Temperature.CelsiusToFahrenheit(Celsius), neuron.Activation);
        TextPrecision.Near(Math.Abs(62.4 - 17 * w1), error, 1e-9);
    }

    [Theory]
    [InlineData(-5.0)]
    [InlineData(0.2)]
    [InlineData(30.0)]
    [InlineData(60.9)]
    [InlineData(100.0)]
    public void The_error_as_a_function_of_w2_is_the_absolute_of_60_9_minus_w2(double w2)
    {
        var neuron = NeuronAt17(w2: w2);
        var error = new AbsoluteError().Error(Temperature.CelsiusToFahrenheit(Celsius), neuron.Activation);
        TextPrecision.Near(Math.Abs(60.9 - w2), error, 1e-9);
    }

    [Fact]
    public void Both_weight_errors_are_60_7_at_the_starting_weights()
    {
        var goal = Temperature.CelsiusToFahrenheit(Celsius);
        TextPrecision.Matches(60.7, new AbsoluteError().Error(goal, NeuronAt17(w1: 0.1).Activation), 1);
        TextPrecision.Matches(60.7, new AbsoluteError().Error(goal, NeuronAt17(w2: 0.2).Activation), 1);
        TextPrecision.Matches(60.7, Math.Abs(62.4 - 0.1 * 17), 1);
        TextPrecision.Matches(60.7, Math.Abs(60.9 - 0.2), 1);
    }

    [Fact]
    public void The_root_for_w1_is_62_4_over_17_about_3_7()
    {
        var root = 62.4 / 17;
        TextPrecision.Matches(3.67, root, 2);
        TextPrecision.Matches(3.7, root, 1);
        var error = new AbsoluteError().Error(Temperature.CelsiusToFahrenheit(Celsius), NeuronAt17(w1: root).Activation);
        TextPrecision.Near(0, error, 1e-12);
    }

    [Fact]
    public void The_root_for_w2_is_60_9_and_gives_the_activation_62_6()
    {
        var neuron = NeuronAt17(w2: 60.9);
        TextPrecision.Matches(62.6, neuron.Activation, 1);
        TextPrecision.Near(0, new AbsoluteError().Error(Temperature.CelsiusToFahrenheit(Celsius), neuron.Activation), 1e-12);
        // Only that one input is right: 0 °C still predicts 60.9 instead of 32.
        neuron.Input = 0;
        TextPrecision.Matches(60.9, neuron.FeedForward(), 1);
    }

    [Fact]
    public void Bumping_both_weights_by_0_1_gives_the_activation_3_7()
    {
        var neuron = NeuronAt17(w1: 0.1 + 0.1, w2: 0.2 + 0.1);
        TextPrecision.Matches(3.7, neuron.Activation, 1);
        var goal = Temperature.CelsiusToFahrenheit(Celsius);
        Assert.True(new AbsoluteError().Error(goal, neuron.Activation) < new AbsoluteError().Error(goal, NeuronAt17().Activation));
    }

    [Fact]
    public void The_first_unscaled_step_learning_rate_1_gives_derivatives_minus_17_and_minus_1_and_weights_17_1_and_1_2()
    {
        var neuron = NeuronAt17(learningRate: 1);
        var errorDerivative = new AbsoluteError().Derivative(Temperature.CelsiusToFahrenheit(Celsius), neuron.Activation);
        Assert.Equal(-1, errorDerivative); // sign(60.7) × d(g - a)/da = 1 × -1
        Assert.Equal(-17, neuron.ErrorDerivativeForW1(errorDerivative), 12);
        Assert.Equal(-1, neuron.ErrorDerivativeForW2(errorDerivative), 12);
        neuron.Backpropagate(errorDerivative);
        TextPrecision.Matches(17.1, neuron.W1, 1);
        TextPrecision.Matches(1.2, neuron.W2, 1);
        Assert.Equal(17.1, neuron.W1, 9);
        Assert.Equal(1.2, neuron.W2, 9);
    }

    [Fact]
    public void The_scaled_step_moves_each_weight_by_the_learning_rate_times_its_derivative()
    {
        var neuron = NeuronAt17();
        var errorDerivative = new AbsoluteError().Derivative(Temperature.CelsiusToFahrenheit(Celsius), neuron.Activation);
        neuron.Backpropagate(errorDerivative);
        Assert.Equal(0.1 + 0.01 * 17, neuron.W1, 12);
        Assert.Equal(0.2 + 0.01 * 1, neuron.W2, 12);
    }

    [Theory]
    [InlineData(-40)]
    [InlineData(-10)]
    [InlineData(-3.5)]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(25)]
    public void The_squared_error_over_the_input_expands_to_2_89_C2_plus_108_12_C_plus_1011_24(double celsius)
    {
        var neuron = new LinearNeuron { Input = celsius };
        var error = new SquaredError().Error(Temperature.CelsiusToFahrenheit(celsius), neuron.FeedForward());
        var expansion = 2.89 * celsius * celsius + 108.12 * celsius + 1011.24;
        TextPrecision.Near(expansion, error, 1e-9 * Math.Max(1, expansion));
        TextPrecision.Near(Math.Pow(1.7 * celsius + 31.8, 2), error, 1e-9 * Math.Max(1, expansion));
    }

    [Fact]
    public void The_squared_error_keeps_the_factor_2_so_its_weight_derivatives_are_minus_2_e_input_and_minus_2_e()
    {
        var neuron = NeuronAt17();
        var goal = Temperature.CelsiusToFahrenheit(Celsius);
        var simple = new SimpleError().Error(goal, neuron.Activation);
        var errorDerivative = new SquaredError().Derivative(goal, neuron.Activation);
        Assert.Equal(-2 * simple, errorDerivative, 12);
        Assert.Equal(-2 * simple * Celsius, neuron.ErrorDerivativeForW1(errorDerivative), 9);
        Assert.Equal(-2 * simple, neuron.ErrorDerivativeForW2(errorDerivative), 12);
        TextPrecision.Matches(-121.4, errorDerivative, 1);
    }
}
