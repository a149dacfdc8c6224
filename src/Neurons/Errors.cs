namespace Neurons;

/// <summary>
/// An error (loss) function of the goal g and the activation a: its value E(g, a) and its
/// derivative dE/da. The neuron supplies da/dw; the chain rule multiplies the two.
/// The goal must be finite; an activation that is not finite gives an error that is not
/// finite, which the trainers report as divergence.
/// </summary>
/// <remarks>
/// Symbols: the goal is g in chapters 1 and 2, y_true in chapter 3 and y in chapter 4, and
/// <c>goal</c> in code; the activation is a, y_pred and ŷ, and <c>activation</c> in code; the error
/// is E (L in chapter 3).
/// </remarks>
public interface IError
{
    /// <summary>The error's name, for printing and legends.</summary>
    string Name { get; }

    /// <summary>E(goal, activation).</summary>
    double Error(double goal, double activation);

    /// <summary>dE/da at (goal, activation).</summary>
    double Derivative(double goal, double activation);
}

/// <summary>The simple error e = g - a, with de/da = -1. Negative when the neuron guesses too high.</summary>
public sealed class SimpleError : IError
{
    /// <inheritdoc />
    public string Name => "simple error g - a";

    /// <summary>e = g - a.</summary>
    public double Error(double goal, double activation) => Guard.Finite(goal) - activation;

    /// <summary>de/da = -1.</summary>
    public double Derivative(double goal, double activation)
    {
        Guard.Finite(goal);
        return -1;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The flipped simple error e = a - g, with de/da = +1: the other sign convention.</summary>
public sealed class FlippedError : IError
{
    /// <inheritdoc />
    public string Name => "flipped error a - g";

    /// <summary>e = a - g.</summary>
    public double Error(double goal, double activation) => activation - Guard.Finite(goal);

    /// <summary>de/da = +1.</summary>
    public double Derivative(double goal, double activation)
    {
        Guard.Finite(goal);
        return 1;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// The absolute error E = |e| of a simple error e (g - a unless another is given).
/// By the chain rule dE/da = sign(e) × de/da; at e = 0 the derivative is taken as 0.
/// </summary>
public sealed class AbsoluteError(IError simple) : IError
{
    /// <summary>E = |g - a|, of the simple error e = g - a.</summary>
    public AbsoluteError() : this(new SimpleError()) { }

    /// <summary>The inner simple error e.</summary>
    public IError Simple { get; } = simple ?? throw new ArgumentNullException(nameof(simple));

    /// <inheritdoc />
    public string Name => Simple is SimpleError ? "absolute error" : $"absolute error of ({Simple.Name})";

    /// <summary>E = |e|.</summary>
    public double Error(double goal, double activation) => Math.Abs(Simple.Error(goal, activation));

    /// <summary>dE/da = dE/de × de/da = sign(e) × de/da.</summary>
    public double Derivative(double goal, double activation) =>
        Math.Sign(Simple.Error(goal, activation)) * Simple.Derivative(goal, activation);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// The squared error E = e² of a simple error e (g - a unless another is given), keeping the
/// factor 2 in dE/da = 2e × de/da, as the text and TensorFlow do.
/// </summary>
public sealed class SquaredError(IError simple) : IError
{
    /// <summary>E = (g - a)², of the simple error e = g - a.</summary>
    public SquaredError() : this(new SimpleError()) { }

    /// <summary>The inner simple error e.</summary>
    public IError Simple { get; } = simple ?? throw new ArgumentNullException(nameof(simple));

    /// <inheritdoc />
    public string Name => Simple is SimpleError ? "squared error" : $"squared error of ({Simple.Name})";

    /// <summary>E = e².</summary>
    public double Error(double goal, double activation)
    {
        var e = Simple.Error(goal, activation);
        return e * e;
    }

    /// <summary>dE/da = dE/de × de/da = 2e × de/da.</summary>
    public double Derivative(double goal, double activation) =>
        2 * Simple.Error(goal, activation) * Simple.Derivative(goal, activation);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// Binary cross-entropy for a goal y in [0, 1] and a predicted probability ŷ = a in [0, 1]:
/// E = -[y ln(ŷ) + (1 - y) ln(1 - ŷ)], with dE/dŷ = (ŷ - y) / (ŷ (1 - ŷ)).
/// Averaged over m samples it is the text's E(W) = -(1/m) Σ [y ln ŷ + (1 - y) ln(1 - ŷ)].
/// As PyTorch's BCELoss does, each logarithm is clamped at -100 and the derivative's denominator
/// at 1e-12, so a confident right answer (ŷ = y = 1) costs 0 and a confident wrong one
/// (ŷ = 1, y = 0) costs 100, never NaN or infinity.
/// </summary>
public sealed class BinaryCrossEntropy : IError
{
    /// <summary>The floor of ln(ŷ) and ln(1 - ŷ): -100, as PyTorch's.</summary>
    public const double LogFloor = -100;

    /// <summary>The floor of ŷ(1 - ŷ) in the derivative: 1e-12, as PyTorch's.</summary>
    public const double DenominatorFloor = 1e-12;

    /// <inheritdoc />
    public string Name => "binary cross-entropy";

    /// <summary>E = -[y max(ln ŷ, -100) + (1 - y) max(ln(1 - ŷ), -100)].</summary>
    public double Error(double goal, double activation)
    {
        Check(goal, activation);
        return -(goal * ClampedLog(activation) + (1 - goal) * ClampedLog(1 - activation));
    }

    /// <summary>dE/dŷ = -y/ŷ + (1 - y)/(1 - ŷ) = (ŷ - y) / max(ŷ (1 - ŷ), 1e-12).</summary>
    public double Derivative(double goal, double activation)
    {
        Check(goal, activation);
        return (activation - goal) / Math.Max(activation * (1 - activation), DenominatorFloor);
    }

    // ln(p) for p ≥ 0 but never below LogFloor (ln 0 = -∞ becomes -100); NaN stays NaN.
    private static double ClampedLog(double p) => double.IsNaN(p) ? p : Math.Max(Math.Log(p), LogFloor);

    // y must be a probability; ŷ too, unless it is NaN (a diverged network: the trainer reports it).
    private static void Check(double goal, double activation)
    {
        Guard.Probability(goal);
        if (!double.IsNaN(activation))
            Guard.Probability(activation);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Errors averaged over samples: the loss of a whole data set.</summary>
public static class Loss
{
    /// <summary>(1/n) Σᵢ E(goalᵢ, predictionᵢ); with the squared error this is the mean squared error.</summary>
    public static double Mean(IError error, ReadOnlySpan<double> goals, ReadOnlySpan<double> predictions)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (goals.Length == 0)
            throw new ArgumentException("goals must hold at least one value, but was empty.", nameof(goals));
        Guard.Length(predictions, goals.Length, nameof(predictions));
        Guard.Finite(goals, nameof(goals));
        Guard.Finite(predictions, nameof(predictions));
        return MeanOf(error, goals, predictions);
    }

    // (1/n) Σᵢ E(goalᵢ, predictionᵢ), unchecked: a training run's predictions may have diverged.
    internal static double MeanOf(IError error, ReadOnlySpan<double> goals, ReadOnlySpan<double> predictions)
    {
        var sum = 0.0;
        for (var i = 0; i < goals.Length; i++)
            sum += error.Error(goals[i], predictions[i]);
        return sum / goals.Length;
    }
}
