using System.Globalization;
using System.Runtime.CompilerServices;

namespace Neurons;

/// <summary>
/// The smallest neural network: one neuron that is a line, activation = w₁ × input + w₂.
/// </summary>
/// <remarks>
/// Symbols: w₁ (the slope, °F per °C in chapters 1 and 2) is <see cref="W1"/>, w₂ (the offset, °F)
/// is <see cref="W2"/>; printed, and in <see cref="Parameters"/>, they are "w1" and "w2". The input
/// x is <see cref="Input"/>, the activation a is <see cref="Activation"/>, η is <see cref="LearningRate"/>.
/// </remarks>
public sealed class LinearNeuron
{
    // w₁, w₂ and their gradients dE/dw₁, dE/dw₂: the store that W1, W2 and Parameters all view.
    private readonly double[] _values;
    private readonly double[] _gradients = new double[2];
    private readonly Parameter[] _parameters;
    private double _input;
    private double _learningRate;

    /// <summary>A neuron with the texts' starting weights w₁ = 0.1, w₂ = 0.2 and learning rate 0.01.</summary>
    public LinearNeuron() : this(0.1, 0.2) { }

    /// <summary>A neuron with the given weights w₁, w₂ and learning rate η.</summary>
    public LinearNeuron(double w1, double w2, double learningRate = 0.01)
    {
        _values = [Guard.Finite(w1), Guard.Finite(w2)];
        LearningRate = Guard.LearningRate(learningRate);
        _parameters = [new Parameter("w1", _values, _gradients, 0), new Parameter("w2", _values, _gradients, 1)];
        Parameters = Array.AsReadOnly(_parameters);
    }

    /// <summary>The input x (°C in chapters 1 and 2). Must be finite.</summary>
    public double Input
    {
        get => _input;
        set => _input = Guard.Finite(value, nameof(Input));
    }

    /// <summary>The activation a computed by the last <see cref="FeedForward"/>: the neuron's prediction.</summary>
    public double Activation { get; private set; }

    /// <summary>w₁, the weight that multiplies the input. Must be finite.</summary>
    public double W1
    {
        get => _values[0];
        set => _values[0] = Guard.Finite(value, nameof(W1));
    }

    /// <summary>w₂, the weight that is added. Must be finite.</summary>
    public double W2
    {
        get => _values[1];
        set => _values[1] = Guard.Finite(value, nameof(W2));
    }

    /// <summary>[w1, w2] with their gradients from the last <see cref="Backpropagate"/>: the list training and printing walk.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The learning rate η that scales each step; positive and finite.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Guard.LearningRate(value, nameof(LearningRate));
    }

    /// <summary>activation = w₁ × input + w₂. Stores and returns it.</summary>
    public double FeedForward() => Activation = W1 * Input + W2;

    /// <summary>dE/dw₁ = dE/da × da/dw₁ = dE/da × input.</summary>
    public double ErrorDerivativeForW1(double errorDerivative) => errorDerivative * Input;

    /// <summary>dE/dw₂ = dE/da × da/dw₂ = dE/da × 1.</summary>
    public double ErrorDerivativeForW2(double errorDerivative) => errorDerivative * 1;

    /// <summary>
    /// One step of gradient descent from dE/da (the error's derivative at the last activation): first
    /// both gradients dE/dwᵢ = dE/da × da/dwᵢ, then both steps wᵢ ← wᵢ - η × dE/dwᵢ. A step that would
    /// leave a weight that is not finite is refused, naming <paramref name="errorDerivative"/>, and the
    /// weights stay as they were.
    /// </summary>
    public void Backpropagate(double errorDerivative)
    {
        Guard.Finite(errorDerivative);
        var (w1, w2) = (W1, W2);
        if (!Learn(errorDerivative))
        {
            var (stepped1, stepped2) = (W1, W2);
            (_values[0], _values[1]) = (w1, w2);
            throw new ArgumentOutOfRangeException(nameof(errorDerivative), errorDerivative, string.Create(CultureInfo.InvariantCulture,
                $"errorDerivative {Guard.Show(errorDerivative)} with input {Guard.Show(Input)} and learning rate {Guard.Show(LearningRate)} would move the weights to w1 = {Guard.Show(stepped1)}, w2 = {Guard.Show(stepped2)}; they are left at w1 = {Guard.Show(w1)}, w2 = {Guard.Show(w2)}."));
        }
    }

    // The gradients, then the steps, unchecked: a trainer reports weights that ran away as divergence.
    // Returns whether both weights are still finite.
    internal bool Learn(double errorDerivative) =>
        Step(ErrorDerivativeForW1(errorDerivative), ErrorDerivativeForW2(errorDerivative));

    // Stores the gradients dE/dw₁, dE/dw₂ (one sample's, or the mean over a batch), then steps every
    // parameter, wᵢ ← wᵢ - η × dE/dwᵢ, unchecked. Returns whether both weights are still finite.
    // Inlined, so the per-sample step compiles to what it was before the batch trainer shared it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Step(double gradientW1, double gradientW2)
    {
        _gradients[0] = gradientW1;
        _gradients[1] = gradientW2;
        var finite = true;
        foreach (var p in _parameters)
            finite &= double.IsFinite(p.Step(LearningRate));
        return finite;
    }

    /// <summary>Shows the formula with the current weights.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"activation = {W1:0.####} × input + {W2:0.####}   (learning rate {LearningRate})");
}
