using System.Globalization;

namespace Neurons;

/// <summary>
/// A neuron with several inputs: z = w · x + b = Σᵢ wᵢ xᵢ + b, output = f(z).
/// After <see cref="FeedForward"/> it keeps z and f(z); after a network's backpropagation it
/// keeps dE/dz and every dE/dwᵢ and dE/db.
/// </summary>
public sealed class Neuron
{
    /// <summary>A neuron with the given weights, bias and activation function (the sigmoid if none is given).</summary>
    public Neuron(double[] weights, double bias = 0, IActivation? activation = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length == 0)
            throw new ArgumentException("weights must have at least one value, but had 0.", nameof(weights));
        Guard.Finite(weights, nameof(weights));
        Weights = weights;
        Bias = Guard.Finite(bias);
        ActivationFunction = activation ?? Sigmoid.Instance;
        WeightGradients = new double[weights.Length];
    }

    /// <summary>The weights w₁ … wₙ, one per input.</summary>
    public double[] Weights { get; }

    /// <summary>The bias b added to the weighted sum. Must be finite.</summary>
    public double Bias
    {
        get => _bias;
        set => _bias = Guard.Finite(value, nameof(Bias));
    }

    // Unchecked for the network's step, so a bias that runs away shows as a diverged run, not an exception.
    private double _bias;

    /// <summary>The activation function f.</summary>
    public IActivation ActivationFunction { get; }

    /// <summary>z = w · x + b from the last feedforward.</summary>
    public double Sum { get; internal set; }

    /// <summary>f(z) from the last feedforward: the neuron's output.</summary>
    public double Output { get; internal set; }

    /// <summary>dE/dz = dE/d(output) × f'(z) from the last backpropagation.</summary>
    public double Delta { get; internal set; }

    /// <summary>dE/dwᵢ = dE/dz × xᵢ from the last backpropagation, one per weight.</summary>
    public double[] WeightGradients { get; }

    /// <summary>dE/db = dE/dz × 1 = <see cref="Delta"/> from the last backpropagation.</summary>
    public double BiasGradient => Delta;

    /// <summary>z = Σᵢ wᵢ xᵢ + b.</summary>
    public double WeightedSum(ReadOnlySpan<double> inputs)
    {
        Guard.Length(inputs, Weights.Length, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
        var z = Bias;
        for (var i = 0; i < Weights.Length; i++)
            z += Weights[i] * inputs[i];
        return z;
    }

    /// <summary>output = f(w · x + b). Stores z and the output, and returns the output.</summary>
    public double FeedForward(ReadOnlySpan<double> inputs)
    {
        Sum = WeightedSum(inputs);
        return Output = ActivationFunction.Apply(Sum);
    }

    /// <summary>
    /// From dE/d(output), stores dE/dz = dE/d(output) × f'(z), dE/dwᵢ = dE/dz × xᵢ and dE/db = dE/dz.
    /// The inputs are the ones of the last feedforward.
    /// </summary>
    public void Backpropagate(ReadOnlySpan<double> inputs, double outputDerivative)
    {
        Guard.Length(inputs, Weights.Length, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
        Guard.Finite(outputDerivative);
        StoreGradients(inputs, outputDerivative * ActivationFunction.DerivativeFromOutput(Sum, Output));
    }

    // dE/dz = delta, dE/dwᵢ = delta × xᵢ (dE/db = delta is BiasGradient).
    internal void StoreGradients(ReadOnlySpan<double> inputs, double delta)
    {
        Delta = delta;
        var g = WeightGradients;
        for (var i = 0; i < g.Length; i++)
            g[i] = delta * inputs[i];
    }

    // b ← b - η × dE/db, unchecked: see _bias.
    internal void StepBias(double learningRate) => _bias -= learningRate * Delta;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Neuron(w = [{string.Join(", ", Weights.Select(w => w.ToString("0.####", CultureInfo.InvariantCulture)))}], b = {Bias:0.####}, {ActivationFunction.Name})");
}
