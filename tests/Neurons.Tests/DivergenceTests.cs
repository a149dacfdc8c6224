namespace Neurons.Tests;

/// <summary>A run that blows up is reported as diverged, never as NaN numbers or an exception from deep inside.</summary>
public class DivergenceTests
{
    [Theory]
    [InlineData(1e10)]
    [InlineData(1e200)]
    [InlineData(double.MaxValue)]
    public void A_network_with_a_huge_learning_rate_is_reported_as_diverged_with_every_recorded_number_finite(double learningRate)
    {
        foreach (var error in new IError[] { new SquaredError(), new BinaryCrossEntropy() })
            for (var seed = 0; seed < 5; seed++)
            {
                var network = new Network(2, [2, 1], seed);
                var result = NetworkTrainer.Train(network, People.ShiftedTraining, error, learningRate, 200);
                Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
                Assert.StartsWith("Diverged in epoch", result.Summary);
                Assert.All(result.Epochs.SkipLast(1), e => Assert.True(double.IsFinite(e.Loss) && e.Parameters.All(double.IsFinite)));
            }
    }

    [Fact]
    public void Weights_past_the_runaway_limit_are_diverged_even_while_the_loss_stays_finite()
    {
        // Squared error at rate 1e10: the sigmoids saturate, so the loss stays finite, while w1 jumps
        // past a million in the first epoch. Without the runaway limit this read "Completed".
        var result = NetworkTrainer.Train(new Network(2, [2, 1], 0), People.ShiftedTraining, new SquaredError(), 1e10, 200);
        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Contains("the weights ran away (w1 = ", result.Summary);
        Assert.True(double.IsFinite(result.Epochs[^1].Loss));
        Assert.True(Math.Abs(result.Epochs[^1].Parameters[0]) > LinearTrainer.RunawayLimit);
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
        var result = NetworkTrainer.Train(network, People.ShiftedTraining, new SquaredError(), 0.1, 10);
        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Contains("NaN", result.Summary);
    }
}
