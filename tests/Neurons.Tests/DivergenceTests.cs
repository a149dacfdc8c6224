namespace Neurons.Tests;

/// <summary>A run that blows up is reported as diverged, never as NaN numbers or an exception from deep inside.</summary>
public class DivergenceTests
{
    [Theory]
    [InlineData(1e3)]
    [InlineData(1e10)]
    [InlineData(1e200)]
    [InlineData(double.MaxValue)]
    public void A_network_with_a_huge_learning_rate_reports_divergence_or_keeps_every_number_finite(double learningRate)
    {
        foreach (var error in new IError[] { SquaredError.Instance, BinaryCrossEntropy.Instance })
            for (var seed = 0; seed < 5; seed++)
            {
                var network = new Network(2, [2, 1], seed);
                var result = NetworkTrainer.Train(network, People.ShiftedTraining, error, learningRate, 200);
                if (result.Outcome == TrainingOutcome.Diverged)
                    Assert.StartsWith("Diverged", result.Summary);
                else
                    Assert.All(result.Epochs, e => Assert.True(double.IsFinite(e.Loss) && e.Parameters.All(double.IsFinite)));
            }
    }

    /// <summary>
    /// Weights near the largest double overflow inside the network: z = 1e308 × 25 - 1e308 × 6 = ∞ - ∞ = NaN
    /// in a hidden neuron. That is divergence, not a bad argument: the user's inputs were fine, so the
    /// network must not blame them; the trainer reports it.
    /// </summary>
    [Fact]
    public void Overflow_inside_the_network_is_divergence_not_an_input_error()
    {
        var network = Network.WithConstants(2, [2, 1], weight: 0);
        network.SetParameters([1e308, -1e308, 1, 1, 1, 1, 0, 0, 0]);
        Assert.True(double.IsNaN(network.FeedForward([25.0, 6.0])));

        network.SetParameters([1e308, -1e308, 1, 1, 1, 1, 0, 0, 0]);
        var result = NetworkTrainer.Train(network, People.ShiftedTraining, SquaredError.Instance, 0.1, 10);
        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Contains("NaN", result.Summary);
    }
}
