namespace Neurons.Tests;

/// <summary>
/// The worked formulas of text 001 ("The mechanics of a simple neural network"): the 3-2-1 network
/// with sigmoids and no bias, binary cross-entropy, the update rule and the short form of the
/// output gradient for a sigmoid output with cross-entropy.
/// </summary>
public class Text001WorkedNumbersTests
{
    private static readonly double[][] Grades = [[0.7, 0.9, 0.6], [0.3, 0.4, 0.8], [0.95, 0.55, 0.35]];

    [Fact]
    public void The_3_2_1_network_without_bias_has_eight_weights_named_w1_to_w8()
    {
        // The text lists E(W¹₁₁, W¹₂₁, W¹₃₁, W¹₁₂, + W¹₂₂, …); the "+" is a stray, there are eight weights.
        var network = new Network(3, [2, 1], seed: 1, useBias: false);
        Assert.Equal(8, network.Parameters.Count);
        Assert.Equal(["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"], network.Parameters.Select(p => p.Name));
        Assert.All(network.Neurons, n => Assert.Equal(0, n.Bias));
        // Order of the text's gradient: W¹₁₁, W¹₂₁, W¹₃₁ (inputs 1..3 into H1), W¹₁₂, W¹₂₂, W¹₃₂ (into H2), W²₁₁, W²₂₁.
        network.SetParameters([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal([1.0, 2.0, 3.0], network.Layers[0][0].Weights);
        Assert.Equal([4.0, 5.0, 6.0], network.Layers[0][1].Weights);
        Assert.Equal([7.0, 8.0], network.OutputNeuron.Weights);
    }

    [Fact]
    public void The_forward_pass_is_H_equals_sigmoid_of_the_weighted_sums_and_y_hat_sigmoid_of_W2_H()
    {
        var network = new Network(3, [2, 1], seed: 7, useBias: false);
        var w = network.GetParameters();
        var x = Grades[0];
        double S(double z) => 1 / (1 + Math.Exp(-z));
        var h1 = S(w[0] * x[0] + w[1] * x[1] + w[2] * x[2]);
        var h2 = S(w[3] * x[0] + w[4] * x[1] + w[5] * x[2]);
        var yHat = S(w[6] * h1 + w[7] * h2);
        Assert.Equal(yHat, network.FeedForward(x), 14);
    }

    [Theory]
    [InlineData(1, 0.9)]
    [InlineData(1, 0.5)]
    [InlineData(1, 0.1)]
    [InlineData(0, 0.9)]
    [InlineData(0, 0.2)]
    [InlineData(0.3, 0.6)]
    public void Cross_entropy_is_minus_the_bracketed_sum_y_ln_y_hat_plus_1_minus_y_ln_1_minus_y_hat(double y, double yHat)
    {
        var e = new BinaryCrossEntropy().Error(y, yHat);
        Assert.Equal(-(y * Math.Log(yHat) + (1 - y) * Math.Log(1 - yHat)), e, 14);
        Assert.True(e > 0, "cross-entropy of a probability strictly inside (0, 1) is positive");
        // Without the brackets the text's formula negates only the first term; for y = 0 it goes negative.
        var unbracketed = -y * Math.Log(yHat) + (1 - y) * Math.Log(1 - yHat);
        if (y == 0) Assert.True(unbracketed < 0 && Math.Abs(unbracketed - e) > 0.1);
    }

    [Fact]
    public void Cross_entropy_at_known_points()
    {
        Assert.Equal(Math.Log(2), new BinaryCrossEntropy().Error(1, 0.5), 15);
        Assert.Equal(Math.Log(2), new BinaryCrossEntropy().Error(0, 0.5), 15);
        TextPrecision.Matches(0.105, new BinaryCrossEntropy().Error(1, 0.9), 3);
        TextPrecision.Matches(2.303, new BinaryCrossEntropy().Error(0, 0.9), 3);
        Assert.True(new BinaryCrossEntropy().Error(1, 0.99) < new BinaryCrossEntropy().Error(1, 0.6));
    }

    [Fact]
    public void Averaged_over_samples_it_is_the_texts_E_of_W()
    {
        double[] y = [1, 0, 1];
        double[] yHat = [0.8, 0.3, 0.6];
        var expected = -(1.0 / 3) * Enumerable.Range(0, 3).Sum(i => y[i] * Math.Log(yHat[i]) + (1 - y[i]) * Math.Log(1 - yHat[i]));
        Assert.Equal(expected, Loss.Mean(new BinaryCrossEntropy(), y, yHat), 14);
    }

    public static TheoryData<int, bool> Seeds()
    {
        var data = new TheoryData<int, bool>();
        foreach (var seed in new[] { 0, 1, 2, 3, 4, 5, 42 })
        {
            data.Add(seed, false);
            data.Add(seed, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void For_a_sigmoid_output_with_cross_entropy_the_output_gradient_is_y_hat_minus_y_times_h(int seed, bool useBias)
    {
        foreach (var x in Grades)
            foreach (var y in new[] { 0.0, 1.0 })
            {
                var network = new Network(3, [2, 1], seed, useBias: useBias);
                var numeric = GradientCheck.ForNetwork(network, x, y, new BinaryCrossEntropy());
                network.Backpropagate(x, y, new BinaryCrossEntropy());
                var yHat = network.OutputNeuron.Output;
                var gradient = network.GetGradient();
                for (var j = 0; j < 2; j++)
                {
                    var h = network.Layers[0][j].Output;
                    var shortForm = (yHat - y) * h;
                    Assert.Equal(shortForm, network.OutputNeuron.WeightGradients[j], 12);
                    Assert.Equal(shortForm, gradient[6 + j], 12);   // w7, w8
                    Assert.True(GradientCheck.Difference(shortForm, numeric[6 + j]) < 1e-7,
                        $"short form {shortForm} vs finite difference {numeric[6 + j]}");
                }
                // dE/dz at the output is ŷ - y: the bias's short form b' = b - α (ŷ - y) · 1.
                Assert.Equal(yHat - y, network.OutputNeuron.Delta, 12);
                if (useBias) Assert.Equal(yHat - y, network.OutputNeuron.BiasGradient, 12);
            }
    }

    [Fact]
    public void The_update_is_w_minus_alpha_grad_E_the_minus_the_text_drops_in_w_prime_equals_w_alpha_grad_E()
    {
        // Text 001 prints w' = w α ∇E; the rule (and the text's own later W' = W - α ∂E/∂W) is w' = w - α ∇E.
        const double alpha = 0.5;
        var network = new Network(3, [2, 1], seed: 3, useBias: false);
        var x = Grades[1];
        const double y = 1;
        var before = network.GetParameters();
        var lossBefore = new BinaryCrossEntropy().Error(y, network.FeedForward(x));
        network.Backpropagate(x, y, new BinaryCrossEntropy());
        var gradient = network.GetGradient();
        network.TrainStep(x, y, new BinaryCrossEntropy(), alpha);
        var after = network.GetParameters();
        for (var k = 0; k < before.Length; k++)
        {
            Assert.Equal(before[k] - alpha * gradient[k], after[k], 14);
            Assert.NotEqual(before[k] * alpha * gradient[k], after[k]);
        }
        var yHat = network.FeedForward(x);
        Assert.True(new BinaryCrossEntropy().Error(y, yHat) < lossBefore, "a small step against the gradient lowers the error");
    }
}
