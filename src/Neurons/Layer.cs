using System.Collections;

namespace Neurons;

/// <summary>
/// A layer: neurons side by side that all see the same inputs x; its outputs are the next layer's
/// inputs. <c>layer[j]</c> is its neuron j (counted from 0).
/// </summary>
public sealed class Layer : IReadOnlyList<Neuron>
{
    private readonly Neuron[] _neurons;
    private readonly double[] _outputs;           // f(zⱼ) of each neuron from the last feedforward
    private readonly double[] _outputDerivatives; // dE/d(output ⱼ) from the last backpropagation

    internal Layer(Neuron[] neurons)
    {
        _neurons = neurons;
        _outputs = new double[neurons.Length];
        _outputDerivatives = new double[neurons.Length];
        InputCount = neurons[0].WeightCount;
    }

    /// <summary>How many inputs each neuron takes.</summary>
    public int InputCount { get; }

    /// <summary>How many neurons.</summary>
    public int Count => _neurons.Length;

    /// <summary>Neuron j.</summary>
    public Neuron this[int index] => _neurons[index];

    // Each neuron's output f(zⱼ) from the last feedforward (each neuron's Output, side by side).
    internal ReadOnlySpan<double> Outputs => _outputs;

    // Every neuron's feedforward on the same inputs x: outputⱼ = f(wⱼ · x + bⱼ).
    internal ReadOnlySpan<double> Forward(ReadOnlySpan<double> inputs)
    {
        for (var j = 0; j < _neurons.Length; j++)
            _outputs[j] = _neurons[j].Forward(inputs);
        return _outputs;
    }

    // Every neuron's backward pass from dE/d(output ⱼ), summing the blame each passes to the inputs:
    // dE/dxᵢ = Σⱼ dE/dzⱼ × wⱼᵢ (left empty for the first layer, whose inputs are data).
    internal void Backward(ReadOnlySpan<double> inputs, Span<double> inputDerivatives)
    {
        inputDerivatives.Clear();
        for (var j = 0; j < _neurons.Length; j++)
            _neurons[j].Backward(inputs, _outputDerivatives[j], inputDerivatives);
    }

    // Each neuron's dE/d(output) for the next backward pass: the layer above (or the error) fills it.
    internal Span<double> OutputDerivatives => _outputDerivatives;

    /// <summary>The neurons in order.</summary>
    public IEnumerator<Neuron> GetEnumerator() => ((IEnumerable<Neuron>)_neurons).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => $"Layer of {Count} neuron(s), {InputCount} input(s) each";
}
