namespace Neurons.Tests;

/// <summary>Bad input fails at once with an exception that names the argument and shows the value.</summary>
public class BadInputTests
{
    private static void Throws<T>(Action act, string paramName, params string[] shown) where T : ArgumentException
    {
        var exception = Assert.Throws<T>(act);
        Assert.Equal(paramName, exception.ParamName);
        foreach (var text in shown)
            Assert.Contains(text, exception.Message);
    }

    public static TheoryData<double, string> NonFinite() => new()
    {
        { double.NaN, "NaN" },
        { double.PositiveInfinity, "Infinity" },
        { double.NegativeInfinity, "-Infinity" },
    };

    public static TheoryData<double, string> BadLearningRates() => new()
    {
        { 0, "0" },
        { -0.01, "-0.01" },
        { -1, "-1" },
        { double.NaN, "NaN" },
        { double.PositiveInfinity, "Infinity" },
        { double.NegativeInfinity, "-Infinity" },
    };

    // The linear neuron

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void A_non_finite_input_is_refused_and_the_previous_input_kept(double value, string shown)
    {
        var neuron = new LinearNeuron { Input = 17 };
        Throws<ArgumentOutOfRangeException>(() => neuron.Input = value, "Input", shown);
        Assert.Equal(17, neuron.Input);
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void A_learning_rate_that_is_not_positive_and_finite_is_refused(double value, string shown)
    {
        var neuron = new LinearNeuron();
        Throws<ArgumentOutOfRangeException>(() => neuron.LearningRate = value, "LearningRate", shown, "positive and finite");
        Assert.Equal(0.01, neuron.LearningRate);
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void The_constructor_refuses_a_bad_learning_rate_by_its_parameter_name(double value, string shown)
    {
        Throws<ArgumentOutOfRangeException>(() => new LinearNeuron(0.1, 0.2, value), "learningRate", shown);
    }

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void Non_finite_starting_weights_are_refused(double value, string shown)
    {
        Throws<ArgumentOutOfRangeException>(() => new LinearNeuron(value, 0.2), "w1", shown);
        Throws<ArgumentOutOfRangeException>(() => new LinearNeuron(0.1, value), "w2", shown);
    }

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void A_non_finite_error_derivative_is_refused_before_any_weight_moves(double value, string shown)
    {
        var neuron = new LinearNeuron { Input = 3 };
        neuron.FeedForward();
        Throws<ArgumentOutOfRangeException>(() => neuron.Backpropagate(value), "errorDerivative", shown);
        Assert.Equal((0.1, 0.2), (neuron.W1, neuron.W2));
    }

    [Fact]
    public void The_linear_trainer_refuses_a_bad_iteration_count_or_threshold()
    {
        var sampler = new CelsiusSampler(1);
        Throws<ArgumentOutOfRangeException>(() => LinearTrainer.Train(new LinearNeuron(), sampler, new SquaredError(), 0), "maxIterations", "0");
        Throws<ArgumentOutOfRangeException>(() => LinearTrainer.Train(new LinearNeuron(), sampler, new SquaredError(), -5), "maxIterations", "-5");
        Throws<ArgumentOutOfRangeException>(() => LinearTrainer.Train(new LinearNeuron(), sampler, new SquaredError(), 10, threshold: 0), "threshold", "0");
        Throws<ArgumentOutOfRangeException>(() => LinearTrainer.Train(new LinearNeuron(), sampler, new SquaredError(), 10, threshold: double.NaN), "threshold", "NaN");
        Throws<ArgumentNullException>(() => LinearTrainer.Train(new LinearNeuron(), sampler, null!, 10), "error");
    }

    // The multi-input neuron

    [Fact]
    public void A_neuron_refuses_an_input_of_the_wrong_length()
    {
        var neuron = new Neuron([0, 1], 4);
        Throws<ArgumentException>(() => neuron.FeedForward([1.0, 2.0, 3.0]), "inputs", "2", "had 3");
        Throws<ArgumentException>(() => neuron.FeedForward([1.0]), "inputs", "had 1");
        Throws<ArgumentException>(() => neuron.Backpropagate([1.0], 0.5), "inputs", "had 1");
        Throws<ArgumentOutOfRangeException>(() => neuron.Backpropagate([1.0, 2.0], double.NaN), "outputDerivative", "NaN");
    }

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void A_neuron_refuses_a_non_finite_input(double value, string shown)
    {
        var neuron = new Neuron([0, 1], 4);
        Throws<ArgumentOutOfRangeException>(() => neuron.FeedForward([2.0, value]), "inputs", "inputs[1]", shown);
        Throws<ArgumentOutOfRangeException>(() => neuron.Backpropagate([2.0, value], 0.5), "inputs", "inputs[1]", shown);
        Throws<ArgumentOutOfRangeException>(() => neuron.Bias = value, "Bias", shown);
        Assert.Equal(4, neuron.Bias);
    }

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void A_neuron_refuses_non_finite_weights_or_bias(double value, string shown)
    {
        Throws<ArgumentOutOfRangeException>(() => new Neuron([0, value]), "weights", "weights[1]", shown);
        Throws<ArgumentOutOfRangeException>(() => new Neuron([0, 1], value), "bias", shown);
    }

    [Fact]
    public void A_neuron_needs_at_least_one_weight()
    {
        Throws<ArgumentException>(() => new Neuron([]), "weights", "had 0");
    }

    // The network

    [Fact]
    public void A_network_refuses_an_input_of_the_wrong_length()
    {
        var network = new Network(2, [2, 1], seed: 0);
        Throws<ArgumentException>(() => network.FeedForward([1.0, 2.0, 3.0]), "inputs", "2", "had 3");
        Throws<ArgumentException>(() => network.Backpropagate([1.0], 1, new SquaredError()), "inputs", "had 1");
        Throws<ArgumentException>(() => network.TrainStep([1.0, 2.0, 3.0], 1, new SquaredError(), 0.1), "inputs", "had 3");
    }

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void A_network_refuses_a_non_finite_input_or_goal_before_anything_changes(double value, string shown)
    {
        var network = new Network(2, [2, 1], seed: 0);
        var before = network.GetParameters();
        Throws<ArgumentOutOfRangeException>(() => network.FeedForward([value, 1.0]), "inputs", "inputs[0]", shown);
        Throws<ArgumentOutOfRangeException>(() => network.TrainStep([1.0, value], 1, new SquaredError(), 0.1), "inputs", shown);
        Throws<ArgumentOutOfRangeException>(() => network.TrainStep([1.0, 2.0], value, new SquaredError(), 0.1), "goal", shown);
        Assert.Equal(before, network.GetParameters());
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void A_network_step_refuses_a_learning_rate_that_is_not_positive_and_finite(double value, string shown)
    {
        var network = new Network(2, [2, 1], seed: 0);
        var before = network.GetParameters();
        Throws<ArgumentOutOfRangeException>(() => network.TrainStep([1.0, 2.0], 1, new SquaredError(), value), "learningRate", shown);
        Throws<ArgumentOutOfRangeException>(() => NetworkTrainer.Train(network, People.ShiftedTraining, new SquaredError(), value, 10), "learningRate", shown);
        Assert.Equal(before, network.GetParameters());
    }

    [Theory]
    [InlineData(new[] { 2, 2 }, "[2, 2]")]
    [InlineData(new[] { 3 }, "[3]")]
    [InlineData(new int[0], "[]")]
    public void Layer_sizes_must_end_in_one_output_neuron(int[] layerSizes, string shown)
    {
        Throws<ArgumentException>(() => new Network(2, layerSizes, seed: 0), "layerSizes", shown);
    }

    [Fact]
    public void Every_layer_needs_a_neuron_and_the_network_an_input()
    {
        Throws<ArgumentOutOfRangeException>(() => new Network(2, [0, 1], seed: 0), "layerSizes", "layerSizes[0]", "0");
        Throws<ArgumentOutOfRangeException>(() => new Network(0, [2, 1], seed: 0), "inputCount", "0");
    }

    [Fact]
    public void Setting_parameters_refuses_the_wrong_count_or_a_non_finite_value()
    {
        var network = new Network(2, [2, 1], seed: 0);
        Throws<ArgumentException>(() => network.SetParameters(new double[8]), "values", "9", "had 8");
        var values = network.GetParameters();
        values[4] = double.NaN;
        Throws<ArgumentOutOfRangeException>(() => network.SetParameters(values), "values", "values[4]", "NaN");
        Throws<ArgumentOutOfRangeException>(() => Network.WithConstants(2, [2, 1], double.PositiveInfinity), "weight", "Infinity");
    }

    [Fact]
    public void The_network_trainer_refuses_data_of_another_width_and_a_bad_epoch_count()
    {
        var network = new Network(3, [2, 1], seed: 0);
        Throws<ArgumentException>(() => NetworkTrainer.Train(network, People.ShiftedTraining, new SquaredError(), 0.1, 10), "data", "2", "3");
        var fits = new Network(2, [2, 1], seed: 0);
        Throws<ArgumentOutOfRangeException>(() => NetworkTrainer.Train(fits, People.ShiftedTraining, new SquaredError(), 0.1, 0), "epochs", "0");
    }

    // Data

    [Fact]
    public void An_empty_data_set_is_refused()
    {
        Throws<ArgumentException>(() => new Dataset([], []), "inputs", "empty");
    }

    [Fact]
    public void Goals_must_match_the_samples_one_to_one()
    {
        Throws<ArgumentException>(() => new Dataset([[1.0], [2.0]], [1.0, 0.0, 1.0]), "goals", "(2)", "had 3");
        Throws<ArgumentException>(() => new Dataset([[1.0], [2.0]], [1.0]), "goals", "had 1");
        Throws<ArgumentException>(() => new Dataset([[1.0], [2.0]], [1.0, 0.0], names: ["one"]), "names", "had 1");
    }

    [Fact]
    public void Every_sample_must_have_the_same_number_of_inputs()
    {
        Throws<ArgumentException>(() => new Dataset([[1.0, 2.0], [3.0]], [1.0, 0.0]), "inputs", "inputs[1]", "had 1");
        Throws<ArgumentException>(() => new Dataset([[], []], [1.0, 0.0]), "inputs", "inputs[0] must have at least one value", "had 0");
        Throws<ArgumentException>(() => new Dataset([null!], [1.0]), "inputs", "inputs[0] must have at least one value", "was null");
    }

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void A_non_finite_number_in_the_data_is_refused_with_its_place(double value, string shown)
    {
        var inputs = Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset([[1.0, 2.0], [value, 4.0]], [1.0, 0.0]));
        Assert.StartsWith("inputs", inputs.ParamName);
        Assert.Contains("inputs[1][0]", inputs.Message);
        Assert.Contains(shown, inputs.Message);
        Throws<ArgumentOutOfRangeException>(() => new Dataset([[1.0], [2.0], [3.0]], [1.0, 0.0, value]), "goals", "goals[2]", shown);
    }

    [Fact]
    public void The_mean_loss_needs_goals_and_one_prediction_per_goal()
    {
        Throws<ArgumentException>(() => Loss.Mean(new SquaredError(), [], []), "goals", "empty");
        Throws<ArgumentException>(() => Loss.Mean(new SquaredError(), [1.0, 0.0], [0.5]), "predictions", "2", "had 1");
        Throws<ArgumentOutOfRangeException>(() => Loss.Mean(new SquaredError(), [1.0, double.NaN], [0.5, 0.5]), "goals", "goals[1]", "NaN");
        Throws<ArgumentOutOfRangeException>(() => Loss.Mean(new SquaredError(), [1.0], [double.NegativeInfinity]), "predictions", "predictions[0]", "-Infinity");
    }

    [Fact]
    public void Generators_need_at_least_one_sample()
    {
        Throws<ArgumentOutOfRangeException>(() => Temperature.Sample(0, 1), "count", "0");
        Throws<ArgumentOutOfRangeException>(() => Students.Generate(-3, 1), "count", "-3");
    }

    [Fact]
    public void The_gradient_check_refuses_a_bad_step_or_point()
    {
        Throws<ArgumentOutOfRangeException>(() => GradientCheck.Central(x => x, 1, 0), "h", "0");
        Throws<ArgumentOutOfRangeException>(() => GradientCheck.Central(x => x, 1, double.NaN), "h", "NaN");
        Throws<ArgumentOutOfRangeException>(() => GradientCheck.Central(x => x, double.PositiveInfinity), "x", "Infinity");
        Throws<ArgumentOutOfRangeException>(() => GradientCheck.Central(p => p[0], [1.0], 0), "h", "0");
        Throws<ArgumentOutOfRangeException>(() => GradientCheck.Central(p => p[0], [1.0], -1e-6), "h", "-1E-06");
        Throws<ArgumentOutOfRangeException>(() => GradientCheck.ForNetwork(new Network(2, [2, 1], 0), [1.0, 2.0], double.NaN, new SquaredError()), "goal", "NaN");
    }

    [Fact]
    public void A_networks_layers_cannot_be_rewired_from_outside()
    {
        var network = new Network(2, [2, 1], seed: 0);
        Assert.IsNotAssignableFrom<IList<Neuron>>(network.Layers[0]);
        var layers = Assert.IsAssignableFrom<IList<Layer>>(network.Layers);
        Assert.Throws<NotSupportedException>(() => layers[0] = layers[1]);
        Assert.Same(network.OutputNeuron, network.Layers[1][0]);
    }

    [Fact]
    public void Composite_errors_need_an_inner_error()
    {
        Throws<ArgumentNullException>(() => new AbsoluteError(null!), "simple");
        Throws<ArgumentNullException>(() => new SquaredError(null!), "simple");
    }
}
