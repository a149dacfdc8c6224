namespace Neurons.Tests;

/// <summary>
/// Whole-batch gradient descent (chapter 5): one step is the mean of the per-sample gradients, worked
/// by hand; the step matches a finite difference of the mean squared error; and the walk converges
/// below the edge 2/λmax and runs away above it, λmax worked out from the Hessian's formula.
/// </summary>
public class BatchTrainingTests
{
    // Two samples: 0 °C → 32 °F and 10 °C → 50 °F.
    private static readonly Dataset TwoDays = new([[0.0], [10.0]], [32.0, 50.0]);

    // E(w1, w2) = (1/n) Σ (g - w1 x - w2)², written out here, apart from the library.
    private static double MeanSquaredError(Dataset data, double w1, double w2) =>
        Enumerable.Range(0, data.Count).Average(s => Math.Pow(data.Goals[s] - (w1 * data.Inputs[s][0] + w2), 2));

    // The larger eigenvalue of H = 2 [mean x², mean x; mean x, 1]: (a + d)/2 + sqrt(((a - d)/2)² + b²).
    private static double LargestCurvature(Dataset data)
    {
        var a = 2 * data.Inputs.Average(row => row[0] * row[0]);
        var b = 2 * data.Inputs.Average(row => row[0]);
        const double d = 2;
        return (a + d) / 2 + Math.Sqrt((a - d) * (a - d) / 4 + b * b);
    }

    [Fact]
    public void One_step_on_two_days_is_the_mean_of_the_two_gradients_worked_by_hand()
    {
        // At w1 = 0.1, w2 = 0.2 the neuron says 0.2 and 1.2: misses g - a of 31.8 and 48.8, so
        // dE/da = -2 (g - a) = -63.6 and -97.6. Mean dE/dw1 = (-63.6 × 0 - 97.6 × 10) / 2 = -488,
        // mean dE/dw2 = (-63.6 - 97.6) / 2 = -80.6. With η = 0.01: w1 = 0.1 + 4.88 = 4.98,
        // w2 = 0.2 + 0.806 = 1.006. The mean error at the start is (31.8² + 48.8²) / 2 = 1696.34.
        var neuron = new LinearNeuron(0.1, 0.2, learningRate: 0.01);
        var result = LinearTrainer.TrainBatch(neuron, TwoDays, new SquaredError(), maxSteps: 1);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(2, result.Steps.Count);
        Assert.Equal(new BatchStep(0, result.Steps[0].MeanError, 0.1, 0.2), result.Steps[0]);
        Assert.Equal(1696.34, result.Steps[0].MeanError, 9);
        Assert.Equal(4.98, neuron.W1, 12);
        Assert.Equal(1.006, neuron.W2, 12);
        Assert.Equal((1, 4.98, 1.006), (result.Steps[1].Step, Math.Round(result.Steps[1].W1, 12), Math.Round(result.Steps[1].W2, 12)));
        // The gradients the step used are the neuron's parameters' gradients.
        Assert.Equal(-488, neuron.Parameters[0].Gradient, 9);
        Assert.Equal(-80.6, neuron.Parameters[1].Gradient, 9);
        // Step 1's mean error is the error at the new weights.
        Assert.Equal(MeanSquaredError(TwoDays, 4.98, 1.006), result.Steps[1].MeanError, 9);
    }

    [Theory]
    [InlineData(1, 0.1, 0.2)]
    [InlineData(7, 2.5, 40)]
    [InlineData(3, -1, 10)]
    public void The_step_is_minus_eta_times_a_finite_difference_of_the_mean_squared_error(int seed, double w1, double w2)
    {
        var data = Temperature.Sample(30, seed);
        const double eta = 0.001;
        var neuron = new LinearNeuron(w1, w2, eta);
        LinearTrainer.TrainBatch(neuron, data, new SquaredError(), maxSteps: 1);

        var numeric = GradientCheck.Central(w => MeanSquaredError(data, w[0], w[1]), [w1, w2]);
        Assert.True(GradientCheck.Difference((w1 - neuron.W1) / eta, numeric[0]) < 1e-6, $"dE/dw1: step {(w1 - neuron.W1) / eta}, finite difference {numeric[0]}");
        Assert.True(GradientCheck.Difference((w2 - neuron.W2) / eta, numeric[1]) < 1e-6, $"dE/dw2: step {(w2 - neuron.W2) / eta}, finite difference {numeric[1]}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void The_walk_converges_just_below_two_over_lambda_max_and_runs_away_just_above(int seed)
    {
        var data = Temperature.Sample(50, seed);
        var edge = 2 / LargestCurvature(data);

        var below = LinearTrainer.TrainBatch(new LinearNeuron(0.1, 0.2, 0.97 * edge), data, new SquaredError(), 20000, threshold: 1e-6);
        Assert.Equal(TrainingOutcome.Converged, below.Outcome);
        Assert.True(below.Steps[^1].MeanError < 1e-6);
        Assert.All(below.Steps.SkipLast(1), s => Assert.True(s.MeanError >= 1e-6));
        Assert.Equal(below.Steps.Count - 1, below.ConvergedAt);

        var above = LinearTrainer.TrainBatch(new LinearNeuron(0.1, 0.2, 1.03 * edge), data, new SquaredError(), 20000, threshold: 1e-6);
        Assert.Equal(TrainingOutcome.Diverged, above.Outcome);
        Assert.True(Math.Max(Math.Abs(above.Steps[^1].W1), Math.Abs(above.Steps[^1].W2)) > LinearTrainer.RunawayLimit);
        Assert.Null(above.ConvergedAt);
        Assert.StartsWith($"Diverged at step {above.Steps[^1].Step}: the weights ran away", above.Summary);
    }

    [Fact]
    public void Without_a_threshold_every_step_runs_and_a_threshold_not_reached_says_so()
    {
        var data = Temperature.Sample(20, 3);
        var all = LinearTrainer.TrainBatch(new LinearNeuron(0.1, 0.2, 0.001), data, new SquaredError(), 40);
        Assert.Equal(TrainingOutcome.Completed, all.Outcome);
        Assert.Equal(Enumerable.Range(0, 41), all.Steps.Select(s => s.Step));
        Assert.True(all.MeanErrors[^1] < all.MeanErrors[0]);

        var short_ = LinearTrainer.TrainBatch(new LinearNeuron(0.1, 0.2, 0.001), data, new SquaredError(), 40, threshold: 1e-9);
        Assert.Equal(TrainingOutcome.NotConverged, short_.Outcome);
        Assert.StartsWith("Not converged after 40 steps", short_.Summary);
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_them()
    {
        var neuron = new LinearNeuron();
        Assert.Equal("maxSteps", Assert.Throws<ArgumentOutOfRangeException>(() =>
            LinearTrainer.TrainBatch(neuron, TwoDays, new SquaredError(), 0)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() =>
            LinearTrainer.TrainBatch(neuron, TwoDays, new SquaredError(), 10, threshold: double.NaN)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() =>
            LinearTrainer.TrainBatch(neuron, TwoDays, new SquaredError(), 10, threshold: 0)).ParamName);
        Assert.Equal("error", Assert.Throws<ArgumentNullException>(() =>
            LinearTrainer.TrainBatch(neuron, TwoDays, null!, 10)).ParamName);
        var twoInputs = new Dataset([[1.0, 2.0]], [3.0]);
        var wide = Assert.Throws<ArgumentException>(() => LinearTrainer.TrainBatch(neuron, twoInputs, new SquaredError(), 10));
        Assert.Equal("data", wide.ParamName);
        Assert.Contains("2", wide.Message);
        Assert.Equal((0.1, 0.2), (neuron.W1, neuron.W2));
    }
}
