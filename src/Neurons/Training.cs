using System.Globalization;

namespace Neurons;

/// <summary>How a training run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>The rolling error fell below the threshold.</summary>
    Converged,

    /// <summary>All iterations ran without reaching the threshold, and nothing blew up.</summary>
    NotConverged,

    /// <summary>All epochs ran (no threshold was asked for), and nothing blew up.</summary>
    Completed,

    /// <summary>A prediction, derivative or weight became NaN, infinite, or ran past the runaway limit.</summary>
    Diverged,
}

/// <summary>One training step of the linear neuron: the sample, the prediction before the step, and the weights after it.</summary>
public readonly record struct LinearStep(
    int Iteration, double Input, double Goal, double Prediction, double Error, double RollingError, double W1, double W2)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"#{Iteration}: {Input:0.##} °C → goal {Goal:0.##} °F, predicted {Prediction:0.##}, error {Error:0.###}, rolling {RollingError:0.###}, w1 = {W1:0.####}, w2 = {W2:0.####}");
}

/// <summary>What a training run did, step by step, and how it ended: the shape the linear neuron's two trainers share.</summary>
/// <typeparam name="TStep">One step's record.</typeparam>
public abstract class TrainingResult<TStep>(IReadOnlyList<TStep> steps, TrainingOutcome outcome, int? convergedAt, string summary)
{
    /// <summary>Every step, in order.</summary>
    public IReadOnlyList<TStep> Steps { get; } = steps;

    /// <summary>How the run ended.</summary>
    public TrainingOutcome Outcome { get; } = outcome;

    /// <summary>The first step whose error measure was below the threshold, if a threshold was given and reached.</summary>
    public int? ConvergedAt { get; } = convergedAt;

    /// <summary>One sentence that says how the run ended.</summary>
    public string Summary { get; } = summary;

    /// <inheritdoc />
    public override string ToString() => Summary;
}

/// <summary>
/// What a training run of the linear neuron did, sample by sample, and how it ended;
/// <see cref="TrainingResult{TStep}.ConvergedAt"/> is the first iteration whose rolling error was below the threshold.
/// </summary>
public sealed class LinearTrainingResult(IReadOnlyList<LinearStep> steps, TrainingOutcome outcome, int? convergedAt, string summary)
    : TrainingResult<LinearStep>(steps, outcome, convergedAt, summary);

/// <summary>
/// Trains the linear neuron one sample at a time, as chapters 1 and 2 do: feedforward, the error's
/// dE/da, backpropagate (both gradients, then both steps), then the rolling error avg ← 0.99 avg + 0.01 |g - a|. The average starts at
/// the first sample's |g - a|: the text leaves it unset, and starting at 0 would let a lucky first
/// sample count as converged.
/// The rolling error always measures |g - a| in degrees, whatever error trains the neuron, so two
/// errors are compared with the same yardstick.
/// </summary>
public static class LinearTrainer
{
    /// <summary>The texts' yardstick: stop when the rolling error is below 0.25 °F.</summary>
    public const double DefaultThreshold = 0.25;

    /// <summary>A weight beyond ±1e6 counts as running away.</summary>
    public const double RunawayLimit = 1e6;

    // avg ← 0.99 × avg + 0.01 × |g - a|
    private static double NextRollingError(double average, double goal, double activation) =>
        0.99 * average + 0.01 * Math.Abs(goal - activation);

    /// <summary>
    /// Runs up to <paramref name="maxIterations"/> steps, one per (input, goal) pair of
    /// <paramref name="data"/> in order (an endless <see cref="CelsiusSampler"/> or any finite list;
    /// a list that ends first ends the run). Stops at the first iteration whose rolling error is below
    /// <paramref name="threshold"/> unless <paramref name="stopAtThreshold"/> is false, and stops with
    /// <see cref="TrainingOutcome.Diverged"/> as soon as a number is no longer finite or a weight passes
    /// <see cref="RunawayLimit"/>.
    /// </summary>
    public static LinearTrainingResult Train(LinearNeuron neuron, IEnumerable<(double Input, double Goal)> data, IError error,
        int maxIterations, double threshold = DefaultThreshold, bool stopAtThreshold = true)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(error);
        Guard.Positive(maxIterations);
        Guard.PositiveFinite(threshold);

        var steps = new List<LinearStep>(Math.Min(maxIterations, 1 << 16));
        var rolling = 0.0;
        int? convergedAt = null;
        using var samples = data.GetEnumerator();
        for (var iteration = 1; iteration <= maxIterations && samples.MoveNext(); iteration++)
        {
            var (input, goal) = samples.Current;
            neuron.Input = input;
            var activation = neuron.FeedForward();
            var derivative = error.Derivative(goal, activation);
            if (!double.IsFinite(activation) || !double.IsFinite(derivative))
                return Diverged(steps, iteration, $"the prediction became {Guard.Show(activation)}");
            neuron.Learn(derivative);
            rolling = iteration == 1 ? Math.Abs(goal - activation) : NextRollingError(rolling, goal, activation);
            steps.Add(new LinearStep(iteration, input, goal, activation, error.Error(goal, activation), rolling,
                neuron.W1, neuron.W2));

            var largest = Math.Max(Math.Abs(neuron.W1), Math.Abs(neuron.W2));
            if (!(largest <= RunawayLimit))
                return Diverged(steps, iteration, string.Create(CultureInfo.InvariantCulture,
                    $"the weights ran away (w1 = {neuron.W1:G4}, w2 = {neuron.W2:G4})"));
            if (convergedAt is null && rolling < threshold)
            {
                convergedAt = iteration;
                if (stopAtThreshold) break;
            }
        }

        var summary = convergedAt is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"Converged: the rolling error fell below {threshold} at iteration {at}; {neuron}.")
            : string.Create(CultureInfo.InvariantCulture, $"Not converged after {steps.Count} iterations: rolling error {rolling:0.###}; {neuron}.");
        return new LinearTrainingResult(steps, convergedAt is null ? TrainingOutcome.NotConverged : TrainingOutcome.Converged, convergedAt, summary);
    }

    private static LinearTrainingResult Diverged(List<LinearStep> steps, int iteration, string what) =>
        new(steps, TrainingOutcome.Diverged, null, $"Diverged at iteration {iteration}: {what}.");

    /// <summary>
    /// Whole-batch gradient descent, as chapter 5 does it: every step sees every sample of
    /// <paramref name="data"/> (one input each). The gradient is the mean of the per-sample gradients,
    /// ∂E/∂wᵢ = (1/n) Σₛ dE/da × da/dwᵢ, each from the error's <see cref="IError.Derivative"/> and the
    /// neuron's <see cref="LinearNeuron.ErrorDerivativeForW1"/> and <see cref="LinearNeuron.ErrorDerivativeForW2"/>;
    /// then both weights step, wᵢ ← wᵢ - η ∂E/∂wᵢ. The history starts with step 0, the weights before
    /// the first step, and records the mean error (1/n) Σ E(gₛ, aₛ) at each step's weights.
    /// Runs <paramref name="maxSteps"/> steps, or stops at the first step whose mean error is below
    /// <paramref name="threshold"/> when one is given, and stops with <see cref="TrainingOutcome.Diverged"/>
    /// as soon as the mean error or a weight is no longer finite or a weight passes <see cref="RunawayLimit"/>.
    /// </summary>
    public static BatchTrainingResult TrainBatch(LinearNeuron neuron, Dataset data, IError error, int maxSteps,
        double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(error);
        Guard.Positive(maxSteps);
        if (threshold is { } t)
            Guard.PositiveFinite(t, nameof(threshold));
        if (data.InputCount != 1)
            throw new ArgumentException($"data must have one input per sample for the linear neuron, but has {data.InputCount}.", nameof(data));

        var steps = new List<BatchStep>(Math.Min(maxSteps + 1, 1 << 16));
        for (var step = 0; ; step++)
        {
            // One pass over the batch at the current weights: the mean error and the mean gradient.
            double errorSum = 0, gradientSumW1 = 0, gradientSumW2 = 0;
            for (var s = 0; s < data.Count; s++)
            {
                neuron.Input = data.Inputs[s][0];
                var activation = neuron.FeedForward();
                var derivative = error.Derivative(data.Goals[s], activation);
                errorSum += error.Error(data.Goals[s], activation);
                gradientSumW1 += neuron.ErrorDerivativeForW1(derivative);
                gradientSumW2 += neuron.ErrorDerivativeForW2(derivative);
            }
            var meanError = errorSum / data.Count;
            steps.Add(new BatchStep(step, meanError, neuron.W1, neuron.W2));

            var largest = Math.Max(Math.Abs(neuron.W1), Math.Abs(neuron.W2));
            if (!double.IsFinite(meanError) || !(largest <= RunawayLimit))
                return new BatchTrainingResult(steps, TrainingOutcome.Diverged, null, string.Create(CultureInfo.InvariantCulture,
                    $"Diverged at step {step}: {(double.IsFinite(meanError) ? "the weights ran away" : $"the mean error became {Guard.Show(meanError)}")} (w1 = {neuron.W1:G4}, w2 = {neuron.W2:G4})."));
            if (threshold is { } below && meanError < below)
                return new BatchTrainingResult(steps, TrainingOutcome.Converged, step, string.Create(CultureInfo.InvariantCulture,
                    $"Converged: the mean error fell below {below} at step {step}; {neuron}."));
            if (step == maxSteps)
                break;
            neuron.Step(gradientSumW1 / data.Count, gradientSumW2 / data.Count);
        }

        var (first, last) = (steps[0].MeanError, steps[^1].MeanError);
        return threshold is { } limit
            ? new BatchTrainingResult(steps, TrainingOutcome.NotConverged, null, string.Create(CultureInfo.InvariantCulture,
                $"Not converged after {maxSteps} steps: mean error {last:G4}, not below {limit}; {neuron}."))
            : new BatchTrainingResult(steps, TrainingOutcome.Completed, null, string.Create(CultureInfo.InvariantCulture,
                $"Ran {maxSteps} steps: mean error {first:G4} → {last:G4}; {neuron}."));
    }
}

/// <summary>One whole-batch step of the linear neuron: its number (0 before the first step), the weights after it, and the mean error at those weights.</summary>
public readonly record struct BatchStep(int Step, double MeanError, double W1, double W2)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"step {Step}: mean error {MeanError:G4}, w1 = {W1:0.####}, w2 = {W2:0.####}");
}

/// <summary>
/// What whole-batch training of the linear neuron did, step by step (step 0 is the start), and how it
/// ended; <see cref="TrainingResult{TStep}.ConvergedAt"/> is the first step whose mean error was below the threshold.
/// </summary>
public sealed class BatchTrainingResult(IReadOnlyList<BatchStep> steps, TrainingOutcome outcome, int? convergedAt, string summary)
    : TrainingResult<BatchStep>(steps, outcome, convergedAt, summary)
{
    /// <summary>The mean error at each step, step 0 first.</summary>
    public double[] MeanErrors => [.. Steps.Select(s => s.MeanError)];
}

/// <summary>A network's state after one epoch: the mean error over the data set and every parameter.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double[] Parameters)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}: loss {Loss:0.####}");
}

/// <summary>What training a network did, epoch by epoch (epoch 0 is before the first step), and how it ended.</summary>
public sealed class NetworkTrainingResult(IReadOnlyList<EpochRecord> epochs, IReadOnlyList<string> parameterNames, TrainingOutcome outcome, string summary)
{
    /// <summary>Epoch 0 (before training) to the last epoch run.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; } = epochs;

    /// <summary>The names of <see cref="EpochRecord.Parameters"/>' entries.</summary>
    public IReadOnlyList<string> ParameterNames { get; } = parameterNames;

    /// <summary>How the run ended.</summary>
    public TrainingOutcome Outcome { get; } = outcome;

    /// <summary>One sentence that says how the run ended.</summary>
    public string Summary { get; } = summary;

    /// <summary>The loss after each epoch, epoch 0 first.</summary>
    public double[] Losses => [.. Epochs.Select(e => e.Loss)];

    /// <inheritdoc />
    public override string ToString() => Summary;
}

/// <summary>Stochastic gradient descent over a data set: each epoch takes every sample once, in order, one step per sample.</summary>
public static class NetworkTrainer
{
    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs with learning rate η, recording the mean error
    /// (1/n) Σ E(yᵢ, ŷᵢ) and the parameters after each. Stops with <see cref="TrainingOutcome.Diverged"/>
    /// when the loss or a parameter is no longer finite, or a parameter passes ±<see cref="LinearTrainer.RunawayLimit"/>.
    /// </summary>
    public static NetworkTrainingResult Train(Network network, Dataset data, IError error, double learningRate, int epochs)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(error);
        Guard.LearningRate(learningRate);
        Guard.Positive(epochs);
        if (data.InputCount != network.InputCount)
            throw new ArgumentException($"data has {data.InputCount} input(s) per sample, but the network takes {network.InputCount}.", nameof(data));

        string[] names = [.. network.Parameters.Select(p => p.Name)];
        var history = new List<EpochRecord>(epochs + 1) { new(0, data.MeanError(network, error), network.GetParameters()) };
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            for (var s = 0; s < data.Count; s++)
            {
                var e = network.TrainStepReportingOverflow(data.Inputs[s], data.Goals[s], error, learningRate);
                if (!double.IsFinite(e))
                    return new(history, names, TrainingOutcome.Diverged,
                        $"Diverged in epoch {epoch}: the error for {data.Names[s]} became {Guard.Show(e)}.");
            }
            var parameters = network.GetParameters();
            var loss = data.MeanError(network, error);
            history.Add(new EpochRecord(epoch, loss, parameters));
            if (!double.IsFinite(loss))
                return new(history, names, TrainingOutcome.Diverged, $"Diverged in epoch {epoch}: the loss became {Guard.Show(loss)}.");
            // A parameter that is NaN or infinite, or that grows without bound while saturated sigmoids
            // keep the loss finite: the weights ran away.
            var runaway = Array.FindIndex(parameters, p => !(Math.Abs(p) <= LinearTrainer.RunawayLimit));
            if (runaway >= 0)
                return new(history, names, TrainingOutcome.Diverged, string.Create(CultureInfo.InvariantCulture,
                    $"Diverged in epoch {epoch}: the weights ran away ({names[runaway]} = {parameters[runaway]:G4})."));
        }
        return new(history, names, TrainingOutcome.Completed,
            string.Create(CultureInfo.InvariantCulture, $"Trained {epochs} epochs: loss {history[0].Loss:0.####} → {history[^1].Loss:0.####}."));
    }
}
