using System.Collections;
using System.Globalization;

namespace Neurons;

/// <summary>
/// A neuron with several inputs: z = w · x + b = Σᵢ wᵢ xᵢ + b, output = f(z).
/// After <see cref="FeedForward"/> it keeps z and f(z); after <see cref="Backpropagate"/> it keeps
/// dE/dz and every dE/dwᵢ and dE/db. It never steps by itself: a trainer computes every gradient
/// first, then steps every parameter.
/// </summary>
/// <remarks>
/// Symbols: wᵢ, the weight of input xᵢ, is <c>Weights[i - 1]</c> (C# counts from 0; the chapters from 1);
/// b is <see cref="Bias"/>; z is <see cref="Sum"/>; f(z) is <see cref="Output"/>; dE/dz is <see cref="Delta"/>.
/// </remarks>
public sealed class Neuron
{
    // w₁ … wₙ, then b, and their gradients in the same places: one store that the weights, the
    // bias and a network's parameter list (Network.Parameters) all view.
    private readonly double[] _values;
    private readonly double[] _gradients;
    private readonly int _n;

    /// <summary>
    /// A neuron with the given weights (copied), bias and activation function (the sigmoid if none is given).
    /// </summary>
    public Neuron(double[] weights, double bias = 0, IActivation? activation = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length == 0)
            throw new ArgumentException("weights must have at least one value, but had 0.", nameof(weights));
        Guard.Finite(weights, nameof(weights));
        Guard.Finite(bias);
        _n = weights.Length;
        _values = [.. weights, bias];
        _gradients = new double[_n + 1];
        Weights = new WeightVector(_values, _n);
        WeightGradients = new ReadOnlyVector(_gradients, _n);
        ActivationFunction = activation ?? new Sigmoid();
    }

    /// <summary>The weights w₁ … wₙ, one per input; each can be set, to a finite number only.</summary>
    public WeightVector Weights { get; }

    /// <summary>The bias b added to the weighted sum. Must be finite.</summary>
    public double Bias
    {
        get => _values[_n];
        set => _values[_n] = Guard.Finite(value, nameof(Bias));
    }

    /// <summary>The activation function f.</summary>
    public IActivation ActivationFunction { get; }

    /// <summary>z = w · x + b from the last feedforward.</summary>
    public double Sum { get; private set; }

    /// <summary>f(z) from the last feedforward: the neuron's output.</summary>
    public double Output { get; private set; }

    /// <summary>dE/dz = dE/d(output) × f'(z) from the last backpropagation.</summary>
    public double Delta { get; private set; }

    /// <summary>dE/dwᵢ = dE/dz × xᵢ from the last backpropagation, one per weight.</summary>
    public IReadOnlyList<double> WeightGradients { get; }

    /// <summary>dE/db = dE/dz × 1 from the last backpropagation.</summary>
    public double BiasGradient => _gradients[_n];

    /// <summary>z = Σᵢ wᵢ xᵢ + b.</summary>
    public double WeightedSum(ReadOnlySpan<double> inputs)
    {
        CheckInputs(inputs);
        return WeightedSumOf(inputs);
    }

    /// <summary>output = f(w · x + b). Stores z and the output, and returns the output.</summary>
    public double FeedForward(ReadOnlySpan<double> inputs)
    {
        CheckInputs(inputs);
        return Forward(inputs);
    }

    /// <summary>
    /// The backward pass from dE/d(output), for the inputs of the last feedforward: stores
    /// dE/dz = dE/d(output) × f'(z), dE/dwᵢ = dE/dz × xᵢ and dE/db = dE/dz; when
    /// <paramref name="inputDerivatives"/> is given (one per input), adds each input's share
    /// dE/dxᵢ += dE/dz × wᵢ to it, so a network can pass the blame to the layer below.
    /// </summary>
    public void Backpropagate(ReadOnlySpan<double> inputs, double outputDerivative, Span<double> inputDerivatives = default)
    {
        CheckInputs(inputs);
        Guard.Finite(outputDerivative);
        if (!inputDerivatives.IsEmpty)
            Guard.Length(inputDerivatives, _n, nameof(inputDerivatives));
        Backward(inputs, outputDerivative, inputDerivatives);
    }

    // A view of wᵢ₊₁ (i < n) or b (i = n) under the given name: a network names its parameters its own way.
    internal Parameter ViewOf(string name, int index) => new(name, _values, _gradients, index);

    internal int WeightCount => _n;

    // z = Σᵢ wᵢ xᵢ + b, output = f(z): unchecked, so a network whose hidden outputs overflow shows it as divergence.
    internal double Forward(ReadOnlySpan<double> inputs)
    {
        Sum = WeightedSumOf(inputs);
        return Output = ActivationFunction.Apply(Sum);
    }

    // dE/dz = dE/d(output) × f'(z); dE/dwᵢ = dE/dz × xᵢ; dE/db = dE/dz; dE/dxᵢ += dE/dz × wᵢ.
    internal void Backward(ReadOnlySpan<double> inputs, double outputDerivative, Span<double> inputDerivatives)
    {
        var delta = Delta = outputDerivative * ActivationFunction.DerivativeFromOutput(Sum, Output);
        var w = _values;
        var g = _gradients;
        for (var i = 0; i < inputs.Length; i++)
            g[i] = delta * inputs[i];
        g[_n] = delta;
        for (var i = 0; i < inputDerivatives.Length; i++)
            inputDerivatives[i] += delta * w[i];
    }

    private double WeightedSumOf(ReadOnlySpan<double> x)
    {
        var w = _values;
        var z = w[_n];
        for (var i = 0; i < x.Length; i++)
            z += w[i] * x[i];
        return z;
    }

    private void CheckInputs(ReadOnlySpan<double> inputs)
    {
        Guard.Length(inputs, _n, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Neuron(w = [{string.Join(", ", Weights.Select(w => w.ToString("0.####", CultureInfo.InvariantCulture)))}], b = {Bias:0.####}, {ActivationFunction.Name})");
}

/// <summary>
/// A neuron's weights w₁ … wₙ as a list: <c>Weights[i]</c> reads wᵢ₊₁ and sets it to a finite
/// number; NaN or infinity is refused, so a learner cannot train on a weight that is not a number.
/// </summary>
public sealed class WeightVector : IReadOnlyList<double>
{
    private readonly double[] _values;

    internal WeightVector(double[] values, int count)
    {
        _values = values;
        Count = count;
    }

    /// <summary>n, how many weights.</summary>
    public int Count { get; }

    /// <summary>wᵢ₊₁; setting it refuses a value that is not finite.</summary>
    public double this[int index]
    {
        get => _values[Check(index)];
        set
        {
            Check(index);
            if (!double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"Weights[{index}] (w{index + 1}) must be a finite number, but was {Guard.Show(value)}.");
            _values[index] = value;
        }
    }

    private int Check(int index) => (uint)index < (uint)Count ? index
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be from 0 to {Count - 1}, but was {index}.");

    /// <summary>w₁ … wₙ in order.</summary>
    public IEnumerator<double> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return _values[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", this.Select(w => w.ToString("0.####", CultureInfo.InvariantCulture)));
}

// A read-only window on the first Count numbers of an array (a neuron's gradients).
internal sealed class ReadOnlyVector(double[] values, int count) : IReadOnlyList<double>
{
    public int Count { get; } = count;

    public double this[int index] => (uint)index < (uint)Count ? values[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be from 0 to {Count - 1}, but was {index}.");

    public IEnumerator<double> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return values[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
