using System.Globalization;

namespace Neurons;

/// <summary>
/// One number p that training may change, with its gradient ∂E/∂p from the last backward pass,
/// as micrograd's parameters are: a model lists its parameters once, and training
/// (p ← p - η ∂E/∂p), gradient checks and printing all walk that one list.
/// </summary>
/// <remarks>
/// Names follow the chapters' symbols: w₁ is "w1" (and <c>W1</c> as a C# member), b₁ is "b1".
/// A parameter is a view of the number its neuron computes with, so setting <see cref="Value"/>
/// changes the neuron.
/// </remarks>
public sealed class Parameter
{
    private readonly double[] _values;
    private readonly double[] _gradients;
    private readonly int _index;

    internal Parameter(string name, double[] values, double[] gradients, int index)
    {
        Name = name;
        _values = values;
        _gradients = gradients;
        _index = index;
    }

    /// <summary>The chapter's name for p: w1, w2, …, b1, ….</summary>
    public string Name { get; }

    /// <summary>The value p. Must be finite: NaN or infinity written here is refused, not trained on.</summary>
    public double Value
    {
        get => _values[_index];
        set => _values[_index] = Guard.Finite(value, Name);
    }

    /// <summary>∂E/∂p from the last backward pass (0 before the first).</summary>
    public double Gradient => _gradients[_index];

    /// <summary>
    /// p ← p - η × ∂E/∂p, unchecked: a step that overflows leaves a value that is not finite,
    /// which the trainers report as divergence. Returns the new p.
    /// </summary>
    internal double Step(double learningRate) => _values[_index] -= learningRate * _gradients[_index];

    /// <summary>"w1 = 0.1234": the name and the value to four decimals.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} = {Value:0.####}");
}
