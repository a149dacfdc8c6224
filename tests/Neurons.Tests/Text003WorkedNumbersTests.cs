namespace Neurons.Tests;

/// <summary>
/// The worked numbers of text 003 ("Neural networks from scratch"): the sigmoid neuron, the 2-2-1
/// network, the mean squared error of the all-zero guess, and the chain rule worked by hand for w1.
/// </summary>
public class Text003WorkedNumbersTests
{
    private static readonly double[] X = [2, 3];

    [Fact]
    public void The_sigmoid_neuron_with_w_0_1_and_b_4_outputs_0_999_for_x_2_3()
    {
        var neuron = new Neuron([0, 1], 4, new Sigmoid());
        var output = neuron.FeedForward(X);
        Assert.Equal(7, neuron.Sum, 12);
        TextPrecision.Matches(0.999, output, 3);
        TextPrecision.Near(0.9990889488055994, output, 1e-15);
    }

    [Fact]
    public void A_neuron_without_an_activation_given_is_a_sigmoid_neuron()
    {
        Assert.IsType<Sigmoid>(new Neuron([0, 1]).ActivationFunction);
    }

    [Fact]
    public void The_2_2_1_network_with_every_w_0_1_and_b_0_outputs_0_7216_for_x_2_3()
    {
        var network = Network.WithConstants(2, [2, 1], weight: 0, bias: 0);
        //                       w1 w2 w3 w4 w5 w6 b1 b2 b3
        network.SetParameters([0, 1, 0, 1, 0, 1, 0, 0, 0]);
        var output = network.FeedForward(X);
        TextPrecision.Matches(0.9526, network.Layers[0][0].Output, 4);
        TextPrecision.Matches(0.9526, network.Layers[0][1].Output, 4);
        TextPrecision.Matches(0.7216, output, 4);
        TextPrecision.Near(0.7216325609518421, output, 1e-15);
    }

    [Fact]
    public void The_mean_squared_error_of_guessing_0_for_everyone_is_0_5()
    {
        var goals = People.ShiftedTraining.Goals;
        Assert.Equal([1, 0, 0, 1], goals);
        Assert.Equal(0.5, Loss.Mean(new SquaredError(), goals, new double[4]), 15);
    }

    [Fact]
    public void The_four_people_are_shifted_by_135_lb_and_66_in_as_the_text_tabulates()
    {
        var data = People.ShiftedTraining;
        Assert.Equal(["Alice", "Bob", "Charlie", "Diana"], data.Names);
        Assert.Equal([-2.0, -1.0], data.Inputs[0]);
        Assert.Equal([25.0, 6.0], data.Inputs[1]);
        Assert.Equal([17.0, 4.0], data.Inputs[2]);
        Assert.Equal([-15.0, -6.0], data.Inputs[3]);
        var fresh = People.ShiftedNew;
        Assert.Equal(["Emily", "Frank"], fresh.Names);
        Assert.Equal([-7.0, -3.0], fresh.Inputs[0]);
        Assert.Equal([20.0, 2.0], fresh.Inputs[1]);
        Assert.Equal([1.0, 0.0], fresh.Goals);
    }

    [Fact]
    public void The_weights_and_biases_of_the_2_2_1_network_are_named_w1_to_w6_and_b1_to_b3()
    {
        var network = Network.WithConstants(2, [2, 1], 1);
        Assert.Equal(["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"], network.Parameters.Select(p => p.Name));
        // w1, w2 feed h1 from (x1, x2); w3, w4 feed h2; w5, w6 feed o1 from (h1, h2).
        network.SetParameters([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Equal([1.0, 2.0], network.Layers[0][0].Weights);
        Assert.Equal([3.0, 4.0], network.Layers[0][1].Weights);
        Assert.Equal([5.0, 6.0], network.OutputNeuron.Weights);
        Assert.Equal([7.0, 8.0, 9.0], network.Neurons.Select(n => n.Bias));
    }

    /// <summary>Alice alone, every weight 1 and every bias 0, squared error: the text's hand-worked dL/dw1.</summary>
    [Fact]
    public void Alice_through_the_all_ones_network_gives_the_hand_worked_chain_rule_for_w1()
    {
        var alice = People.ShiftedTraining;
        var x = alice.Inputs[0];
        var network = Network.WithConstants(2, [2, 1], weight: 1, bias: 0);
        var loss = network.Backpropagate(x, alice.Goals[0], new SquaredError());

        var h1 = network.Layers[0][0];
        var o1 = network.OutputNeuron;
        TextPrecision.Matches(0.0474, h1.Output, 4);
        TextPrecision.Matches(0.0474, network.Layers[0][1].Output, 4);
        TextPrecision.Matches(0.524, o1.Output, 3);
        Assert.Equal(Math.Pow(1 - o1.Output, 2), loss, 15);

        var dLdYpred = new SquaredError().Derivative(1, o1.Output);
        // The text prints -0.952 = -2 (1 - 0.524), from the rounded 0.524; unrounded it is -0.9526.
        TextPrecision.Near(-0.952, dLdYpred, 1e-3);
        TextPrecision.Matches(-0.9526, dLdYpred, 4);

        var dYpreddH1 = o1.Weights[0] * new Sigmoid().Derivative(o1.Sum);
        TextPrecision.Matches(0.249, dYpreddH1, 3);

        var dH1dW1 = x[0] * new Sigmoid().Derivative(h1.Sum);
        TextPrecision.Matches(-0.0904, dH1dW1, 4);

        var dLdW1 = network.GetGradient()[0];
        Assert.Equal(dLdYpred * dYpreddH1 * dH1dW1, dLdW1, 15);
        Assert.Equal(dLdW1, h1.WeightGradients[0]);
        // The text prints 0.0214, the product of its rounded factors -0.952 × 0.249 × -0.0904;
        // unrounded the product is 0.02147, which prints as 0.0215.
        TextPrecision.Near(0.0214, dLdW1, 1e-4);
        TextPrecision.Matches(0.0215, dLdW1, 4);
        Assert.True(dLdW1 > 0, "increasing w1 increases the loss a tiny bit, as the text says");
    }

    [Fact]
    public void The_sigmoid_derivative_is_f_times_1_minus_f()
    {
        foreach (var z in new[] { -3.0, 0.0, 0.0948, 3 })
        {
            var f = 1 / (1 + Math.Exp(-z));
            Assert.Equal(f, new Sigmoid().Apply(z), 15);
            Assert.Equal(f * (1 - f), new Sigmoid().Derivative(z), 15);
            Assert.Equal(Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2), new Sigmoid().Derivative(z), 15);
        }
    }

    [Fact]
    public void One_SGD_step_subtracts_the_learning_rate_times_every_partial_derivative()
    {
        var alice = People.ShiftedTraining;
        var network = Network.WithConstants(2, [2, 1], weight: 1, bias: 0);
        var before = network.GetParameters();
        network.Backpropagate(alice.Inputs[0], 1, new SquaredError());
        var gradient = network.GetGradient();
        network.TrainStep(alice.Inputs[0], 1, new SquaredError(), 0.1);
        var after = network.GetParameters();
        for (var k = 0; k < before.Length; k++)
            Assert.Equal(before[k] - 0.1 * gradient[k], after[k], 15);
        // w1 ← w1 - η dL/dw1 with dL/dw1 > 0: w1 decreases.
        Assert.True(after[0] < before[0]);
    }
}
