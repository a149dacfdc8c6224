namespace Neurons;

/// <summary>
/// An error (loss) function of the goal g and the activation a: its value E(g, a) and its
/// derivative dE/da. The neuron supplies da/dw; the chain rule multiplies the two.
/// </summary>
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
    /// <summary>The one instance.</summary>
    public static readonly SimpleError Instance = new();

    /// <inheritdoc />
    public string Name => "simple error g - a";

    /// <summary>e = g - a.</summary>
    public double Error(double goal, double activation) => goal - activation;

    /// <summary>de/da = -1.</summary>
    public double Derivative(double goal, double activation) => -1;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The flipped simple error e = a - g, with de/da = +1: the other sign convention.</summary>
public sealed class FlippedError : IError
{
    /// <summary>The one instance.</summary>
    public static readonly FlippedError Instance = new();

    /// <inheritdoc />
    public string Name => "flipped error a - g";

    /// <summary>e = a - g.</summary>
    public double Error(double goal, double activation) => activation - goal;

    /// <summary>de/da = +1.</summary>
    public double Derivative(double goal, double activation) => 1;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// The absolute error E = |e| of a simple error e (g - a unless another is given).
/// By the chain rule dE/da = sign(e) × de/da; at e = 0 the derivative is taken as 0.
/// </summary>
public sealed class AbsoluteError(IError simple) : IError
{
    /// <summary>|g - a|.</summary>
    public static readonly AbsoluteError Instance = new(SimpleError.Instance);

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
    /// <summary>(g - a)².</summary>
    public static readonly SquaredError Instance = new(SimpleError.Instance);

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
/// Binary cross-entropy for a goal y in {0, 1} and a predicted probability ŷ = a in (0, 1):
/// E = -[y ln(ŷ) + (1 - y) ln(1 - ŷ)], with dE/dŷ = (ŷ - y) / (ŷ (1 - ŷ)).
/// Averaged over m samples it is the text's E(W) = -(1/m) Σ [y ln ŷ + (1 - y) ln(1 - ŷ)].
/// </summary>
public sealed class BinaryCrossEntropy : IError
{
    /// <summary>The one instance.</summary>
    public static readonly BinaryCrossEntropy Instance = new();

    /// <inheritdoc />
    public string Name => "binary cross-entropy";

    /// <summary>E = -[y ln(ŷ) + (1 - y) ln(1 - ŷ)].</summary>
    public double Error(double goal, double activation) =>
        -(goal * Math.Log(activation) + (1 - goal) * Math.Log(1 - activation));

    /// <summary>dE/dŷ = -y/ŷ + (1 - y)/(1 - ŷ) = (ŷ - y) / (ŷ (1 - ŷ)).</summary>
    public double Derivative(double goal, double activation) =>
        (activation - goal) / (activation * (1 - activation));

    /// <inheritdoc />
    public override string ToString() => Name;
}
