using System.Globalization;
using Xunit.Abstractions;

namespace Neurons.Tests;

/// <summary>
/// The texts' training claims, measured over many seeds rather than one. The assertions hold the
/// direction and a generous bound; the medians go to the test output (run with
/// --logger "console;verbosity=detailed" to read them).
/// </summary>
public class TrainingClaimTests(ITestOutputHelper output)
{
    private const int Seeds = 200;
    private const int MaxIterations = 20000;

    private static LinearTrainingResult TrainLinear(IError error, double learningRate, int seed, int maxIterations = MaxIterations) =>
        LinearTrainer.Train(new LinearNeuron(0.1, 0.2, learningRate), new CelsiusSampler(seed), error, maxIterations);

    private static double Median(IReadOnlyList<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
    }

    private static readonly Dictionary<string, int[]> Measured = [];

    private int[] IterationsToConverge(IError error, string label)
    {
        lock (Measured)
        {
            if (!Measured.TryGetValue(label, out var known))
                Measured[label] = known = MeasureIterations(error, label);
            return known;
        }
    }

    private int[] MeasureIterations(IError error, string label)
    {
        var iterations = new int[Seeds];
        var failed = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var result = TrainLinear(error, 0.01, seed);
            if (result.ConvergedAt is { } at) iterations[seed] = at;
            else { iterations[seed] = int.MaxValue; failed++; }
        }
        var converged = iterations.Where(i => i != int.MaxValue).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}, learning rate 0.01, seeds 0..{Seeds - 1}: converged {converged.Length}/{Seeds}, median {Median(converged)}, min {converged.Min()}, max {converged.Max()}"));
        Assert.Equal(0, failed);
        return iterations;
    }

    [Fact]
    public void Absolute_error_with_learning_rate_0_01_reaches_the_quarter_degree_rolling_average_for_every_seed()
    {
        var iterations = IterationsToConverge(new AbsoluteError(), "absolute error");
        // Text 000: about 3600 iterations. Generous bound: the median within a factor of 2.
        Assert.InRange(Median(iterations), 1800, 7200);
    }

    [Fact]
    public void Squared_error_needs_fewer_iterations_than_absolute_error_under_the_same_yardstick()
    {
        // Both runs stop when the rolling average of |g - a| (in °F) is below 0.25, whatever error trains
        // the neuron; text 000's chapter 2 loop averaged the squared error instead, not the same yardstick.
        var absolute = IterationsToConverge(new AbsoluteError(), "absolute error");
        var squared = IterationsToConverge(new SquaredError(), "squared error");
        // Text 000: about 800 against 3600.
        Assert.True(Median(squared) < Median(absolute) / 2, $"squared median {Median(squared)} vs absolute median {Median(absolute)}");
        Assert.InRange(Median(squared), 200, 1600);
        var faster = Enumerable.Range(0, Seeds).Count(s => squared[s] < absolute[s]);
        output.WriteLine($"squared error faster than absolute error on {faster}/{Seeds} seeds");
        Assert.True(faster >= Seeds * 0.95, $"squared error was faster on only {faster} of {Seeds} seeds");
    }

    [Fact]
    public void Absolute_error_without_a_learning_rate_never_settles()
    {
        // "Without a learning rate" is learning rate 1: each step moves w1 by the whole input (up to 10)
        // and w2 by 1. The weights keep jumping around the answer; the rolling error never comes near 0.25.
        const int seeds = 100, iterations = 10000;
        var finalRolling = new double[seeds];
        for (var seed = 0; seed < seeds; seed++)
        {
            var result = TrainLinear(new AbsoluteError(), 1, seed, iterations);
            Assert.Equal(TrainingOutcome.NotConverged, result.Outcome);
            Assert.Null(result.ConvergedAt);
            Assert.Equal(iterations, result.Steps.Count);
            var lowest = double.PositiveInfinity;
            for (var k = iterations / 2; k < iterations; k++)
                lowest = Math.Min(lowest, result.Steps[k].RollingError);
            Assert.True(lowest > 40 * LinearTrainer.DefaultThreshold, $"seed {seed}: rolling error fell to {lowest}");
            finalRolling[seed] = result.Steps[^1].RollingError;
        }
        var sorted = finalRolling.Order().ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"absolute error, learning rate 1, seeds 0..{seeds - 1}: rolling error after {iterations} iterations, median {sorted[seeds / 2]:0.0}, min {sorted[0]:0.0}, max {sorted[^1]:0.0} (threshold 0.25)"));
    }

    [Fact]
    public void Squared_error_with_learning_rate_1_is_reported_as_diverged_not_as_NaN()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var result = TrainLinear(new SquaredError(), 1, seed);
            Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
            Assert.StartsWith("Diverged", result.Summary);
            Assert.True(result.Steps.Count < 100, $"seed {seed}: diverged only after {result.Steps.Count} steps");
            Assert.All(result.Steps, s =>
            {
                Assert.True(double.IsFinite(s.Prediction) && double.IsFinite(s.Error) && double.IsFinite(s.RollingError));
                Assert.True(double.IsFinite(s.W1) && double.IsFinite(s.W2));
            });
        }
    }

    [Fact]
    public void The_history_records_every_step_and_the_rolling_average_rule()
    {
        var result = TrainLinear(new AbsoluteError(), 0.01, seed: 11, maxIterations: 500);
        Assert.Equal(TrainingOutcome.NotConverged, result.Outcome);
        Assert.Equal(500, result.Steps.Count);
        var sampler = new CelsiusSampler(11);
        var neuron = new LinearNeuron();
        for (var k = 0; k < result.Steps.Count; k++)
        {
            var step = result.Steps[k];
            var (c, f) = sampler.Next();
            Assert.Equal(k + 1, step.Iteration);
            Assert.Equal(c, step.Input);
            Assert.Equal(f, step.Goal);
            neuron.Input = c;
            Assert.Equal(neuron.FeedForward(), step.Prediction);
            Assert.Equal(Math.Abs(f - step.Prediction), step.Error);
            var expectedRolling = k == 0 ? Math.Abs(f - step.Prediction) : 0.99 * result.Steps[k - 1].RollingError + 0.01 * Math.Abs(f - step.Prediction);
            Assert.Equal(expectedRolling, step.RollingError, 12);
            neuron.Backpropagate(new AbsoluteError().Derivative(f, step.Prediction));
            Assert.Equal(neuron.W1, step.W1);
            Assert.Equal(neuron.W2, step.W2);
        }
    }

    [Fact]
    public void The_trained_linear_neuron_approaches_F_equals_1_8_C_plus_32()
    {
        var result = LinearTrainer.Train(new LinearNeuron(), new CelsiusSampler(3), new SquaredError(), 20000, stopAtThreshold: false);
        Assert.Equal(TrainingOutcome.Converged, result.Outcome);
        Assert.Equal(20000, result.Steps.Count);
        TextPrecision.Near(1.8, result.Steps[^1].W1, 0.01);
        TextPrecision.Near(32, result.Steps[^1].W2, 0.1);
    }

    [Fact]
    public void Chapter_3s_network_learns_the_four_people_and_classifies_Emily_and_Frank()
    {
        const int seeds = 50;
        var correct = 0;
        var lowered = 0;
        var finalLosses = new double[seeds];
        for (var seed = 0; seed < seeds; seed++)
        {
            var network = new Network(2, [2, 1], seed);
            var result = NetworkTrainer.Train(network, People.ShiftedTraining, new SquaredError(), 0.1, 1000);
            Assert.Equal(TrainingOutcome.Completed, result.Outcome);
            Assert.Equal(1001, result.Epochs.Count);
            finalLosses[seed] = result.Epochs[^1].Loss;
            if (result.Epochs[^1].Loss < result.Epochs[0].Loss) lowered++;
            var emily = network.FeedForward(People.ShiftedNew.Inputs[0]);
            var frank = network.FeedForward(People.ShiftedNew.Inputs[1]);
            if (emily > 0.5 && frank < 0.5) correct++;
        }
        var sorted = finalLosses.Order().ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2-2-1, learning rate 0.1, 1000 epochs, seeds 0..{seeds - 1}: loss lowered {lowered}/{seeds}, Emily F and Frank M {correct}/{seeds}, final loss median {sorted[seeds / 2]:0.0000}, max {sorted[^1]:0.0000}"));
        Assert.True(lowered >= seeds * 0.9, $"loss lowered for only {lowered} of {seeds} seeds");
        Assert.True(correct >= seeds * 0.9, $"Emily and Frank classified right for only {correct} of {seeds} seeds");
    }
}
