namespace Neurons;

/// <summary>An activation function f(z) and its derivative f'(z), applied to a neuron's weighted sum z.</summary>
public interface IActivation
{
    /// <summary>The function's name, for printing.</summary>
    string Name { get; }

    /// <summary>f(z).</summary>
    double Apply(double z);

    /// <summary>f'(z) = df/dz.</summary>
    double Derivative(double z);
}

/// <summary>The identity f(z) = z, with f'(z) = 1: a neuron with it is a line.</summary>
public sealed class Identity : IActivation
{
    /// <summary>The one instance.</summary>
    public static readonly Identity Instance = new();

    /// <inheritdoc />
    public string Name => "identity";

    /// <summary>f(z) = z.</summary>
    public double Apply(double z) => z;

    /// <summary>f'(z) = 1.</summary>
    public double Derivative(double z) => 1;

    /// <inheritdoc />
    public override string ToString() => "f(z) = z";
}

/// <summary>The sigmoid f(z) = 1 / (1 + e^(-z)), squashing any z into (0, 1); f'(z) = f(z)(1 - f(z)).</summary>
public sealed class Sigmoid : IActivation
{
    /// <summary>The one instance.</summary>
    public static readonly Sigmoid Instance = new();

    /// <inheritdoc />
    public string Name => "sigmoid";

    /// <summary>f(z) = 1 / (1 + e^(-z)).</summary>
    public double Apply(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>f'(z) = f(z) × (1 - f(z)).</summary>
    public double Derivative(double z)
    {
        var f = Apply(z);
        return f * (1 - f);
    }

    /// <inheritdoc />
    public override string ToString() => "f(z) = 1 / (1 + e^(-z))";
}
