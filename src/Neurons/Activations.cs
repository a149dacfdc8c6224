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

    /// <summary>
    /// f'(z) when f(z) is already known, as it is after a feedforward. The same number as
    /// <see cref="Derivative"/>; an activation whose derivative is written in f(z), as the sigmoid's
    /// is, saves computing f again.
    /// </summary>
    double DerivativeFromOutput(double z, double output) => Derivative(z);
}

/// <summary>The identity f(z) = z, with f'(z) = 1: a neuron with it is a line.</summary>
public sealed class Identity : IActivation
{
    /// <inheritdoc />
    public string Name => "identity";

    /// <summary>f(z) = z.</summary>
    public double Apply(double z) => z;

    /// <summary>f'(z) = 1.</summary>
    public double Derivative(double z) => 1;

    /// <summary>f'(z) = 1.</summary>
    public double DerivativeFromOutput(double z, double output) => 1;

    /// <inheritdoc />
    public override string ToString() => "f(z) = z";
}

/// <summary>The sigmoid f(z) = 1 / (1 + e^(-z)), squashing any z into (0, 1); f'(z) = f(z)(1 - f(z)).</summary>
public sealed class Sigmoid : IActivation
{
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

    /// <summary>f'(z) = f(z) × (1 - f(z)), with f(z) = <paramref name="output"/> from the feedforward.</summary>
    public double DerivativeFromOutput(double z, double output) => output * (1 - output);

    /// <inheritdoc />
    public override string ToString() => "f(z) = 1 / (1 + e^(-z))";
}
