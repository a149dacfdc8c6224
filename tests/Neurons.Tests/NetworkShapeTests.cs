namespace Neurons.Tests;

/// <summary>
/// The library reads as the math, as micrograd's does: a network's passes are its neurons' passes,
/// every gradient is computed before any parameter steps, and one list of parameters serves
/// training, the gradient check and printing.
/// </summary>
public class NetworkShapeTests
{
    private static readonly double[] Alice = [-2, -1];

    [Fact]
    public void The_networks_backward_pass_is_its_neurons_backward_passes_chained_by_hand()
    {
        var network = new Network(2, [2, 1], seed: 21);
        var error = new SquaredError();
        network.Backpropagate(Alice, 1, error);

        // The same pass with the neurons' own API: feedforward layer by layer, then backward from dE/dŷ.
        Neuron h1 = network.Layers[0][0], h2 = network.Layers[0][1], o1 = network.OutputNeuron;
        var copy = new[] { h1, h2, o1 }.Select(n => new Neuron([.. n.Weights], n.Bias)).ToArray();
        double[] hidden = [copy[0].FeedForward(Alice), copy[1].FeedForward(Alice)];
        var yPred = copy[2].FeedForward(hidden);
        var dE_dHidden = new double[2];
        copy[2].Backpropagate(hidden, error.Derivative(1, yPred), dE_dHidden);
        copy[0].Backpropagate(Alice, dE_dHidden[0]);
        copy[1].Backpropagate(Alice, dE_dHidden[1]);

        double[] byHand =
        [
            .. copy[0].WeightGradients, .. copy[1].WeightGradients, .. copy[2].WeightGradients,
            copy[0].BiasGradient, copy[1].BiasGradient, copy[2].BiasGradient,
        ];
        Assert.Equal(byHand, network.GetGradient());
        Assert.Equal(byHand, network.Parameters.Select(p => p.Gradient));
        Assert.Equal(copy[2].Delta, o1.Delta);
    }

    [Fact]
    public void Backpropagate_changes_no_parameter_and_a_step_moves_each_by_its_own_gradient()
    {
        var network = new Network(2, [2, 1], seed: 3);
        var before = network.GetParameters();
        network.Backpropagate(Alice, 1, new SquaredError());
        Assert.Equal(before, network.GetParameters());

        var gradient = network.GetGradient();
        Assert.All(gradient, g => Assert.NotEqual(0, g));
        network.Step(0.1);
        var after = network.GetParameters();
        for (var k = 0; k < before.Length; k++)
            Assert.Equal(before[k] - 0.1 * gradient[k], after[k]);
    }

    [Fact]
    public void A_train_step_is_backpropagate_then_step()
    {
        var (a, b) = (new Network(3, [2, 1], seed: 1, useBias: false), new Network(3, [2, 1], seed: 1, useBias: false));
        var data = Students.Generate(20, seed: 4);
        var error = new BinaryCrossEntropy();
        for (var s = 0; s < data.Count; s++)
        {
            var e = a.TrainStep(data.Inputs[s], data.Goals[s], error, 0.5);
            Assert.Equal(e, b.Backpropagate(data.Inputs[s], data.Goals[s], error));
            b.Step(0.5);
        }
        Assert.Equal(a.GetParameters(), b.GetParameters());
    }

    [Fact]
    public void The_parameter_list_is_in_the_chapters_order_and_views_the_neurons_numbers()
    {
        var network = new Network(2, [2, 1], seed: 0);
        Assert.Equal(["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"], network.Parameters.Select(p => p.Name));
        network.Parameters[3].Value = 0.25;   // w4: the second weight of h2
        network.Parameters[7].Value = -1.5;   // b2: the bias of h2
        Assert.Equal(0.25, network.Layers[0][1].Weights[1]);
        Assert.Equal(-1.5, network.Layers[0][1].Bias);
        network.OutputNeuron.Weights[0] = 2;  // w5
        Assert.Equal(2, network.Parameters[4].Value);
        Assert.Equal(["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"], new Network(3, [2, 1], seed: 0, useBias: false).Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Printing_walks_the_same_list()
    {
        var network = Network.WithConstants(2, [2, 1], weight: 1, bias: 0.5);
        network.Parameters[5].Value = -0.12345;
        Assert.Equal("Network 2-2-1: w1 = 1, w2 = 1, w3 = 1, w4 = 1, w5 = 1, w6 = -0.1235, b1 = 0.5, b2 = 0.5, b3 = 0.5", network.ToString());
        Assert.Equal("w6 = -0.1235", network.Parameters[5].ToString());
        var linear = new LinearNeuron(1.8, 32);
        Assert.Equal(["w1 = 1.8", "w2 = 32"], linear.Parameters.Select(p => p.ToString()));
    }

    [Fact]
    public void The_gradient_check_walks_the_list_and_leaves_every_parameter_as_it_was()
    {
        var network = new Network(2, [3, 1], seed: 5);
        var before = network.GetParameters();
        var numeric = GradientCheck.ForNetwork(network, Alice, 0, new SquaredError());
        Assert.Equal(before, network.GetParameters());
        network.Backpropagate(Alice, 0, new SquaredError());
        Assert.Equal(network.Parameters.Count, numeric.Length);
        for (var k = 0; k < numeric.Length; k++)
            Assert.True(GradientCheck.Difference(network.Parameters[k].Gradient, numeric[k]) < 1e-6, network.Parameters[k].Name);
    }

    [Fact]
    public void A_linear_neurons_step_computes_both_gradients_then_steps_both_weights()
    {
        var neuron = new LinearNeuron(0.1, 0.2, learningRate: 1) { Input = 17 };
        var dEda = new AbsoluteError().Derivative(62.6, neuron.FeedForward());
        neuron.Backpropagate(dEda);
        Assert.Equal([-17.0, -1.0], neuron.Parameters.Select(p => p.Gradient));
        Assert.Equal(17.1, neuron.W1, 12);
        Assert.Equal(1.2, neuron.W2, 12);
    }

    [Fact]
    public void The_linear_trainer_takes_any_sequence_of_input_goal_pairs()
    {
        (double, double)[] pairs = [(17, 62.6), (-40, -40), (0, 32), (100, 212)];
        var result = LinearTrainer.Train(new LinearNeuron(), pairs, new SquaredError(), maxIterations: 1000, stopAtThreshold: false);
        Assert.Equal(4, result.Steps.Count);   // the list ended the run
        Assert.Equal([17.0, -40, 0, 100], result.Steps.Select(s => s.Input));
        Assert.StartsWith("Not converged after 4 iterations", result.Summary);

        var byHand = new LinearNeuron();
        foreach (var (input, goal) in pairs)
        {
            byHand.Input = input;
            byHand.Backpropagate(new SquaredError().Derivative(goal, byHand.FeedForward()));
        }
        Assert.Equal((byHand.W1, byHand.W2), (result.Steps[^1].W1, result.Steps[^1].W2));

        // A sampler is a sequence too, and a run over it matches one over its first pairs as a list.
        var listed = new CelsiusSampler(7).Take(300).ToArray();
        var fromList = LinearTrainer.Train(new LinearNeuron(), listed, new AbsoluteError(), 300, stopAtThreshold: false);
        var fromSampler = LinearTrainer.Train(new LinearNeuron(), new CelsiusSampler(7), new AbsoluteError(), 300, stopAtThreshold: false);
        Assert.Equal(fromList.Steps, fromSampler.Steps);
    }

    [Fact]
    public void Enumerating_a_sampler_starts_from_its_seed_and_leaves_next_where_it_was()
    {
        var sampler = new CelsiusSampler(3);
        var first = sampler.Next();
        Assert.Equal(first, sampler.First());          // from the seed, not from where Next is
        Assert.Equal(sampler.Take(5), sampler.Take(5)); // the same stream every time
        Assert.Equal(new CelsiusSampler(3).Skip(1).First(), sampler.Next());
    }

    [Fact]
    public void The_obvious_constructors_are_the_errors_of_the_texts()
    {
        Assert.Equal("squared error", new SquaredError().Name);
        Assert.Equal("absolute error", new AbsoluteError().Name);
        Assert.Equal(new SquaredError(new SimpleError()).Derivative(62.6, 1.9), new SquaredError().Derivative(62.6, 1.9));
        Assert.Equal(60.7, new AbsoluteError().Error(62.6, 1.9), 12);
    }
}
