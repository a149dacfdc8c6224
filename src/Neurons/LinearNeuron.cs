using System.Globalization;

namespace Neurons;

/// <summary>
/// The smallest neural network: one neuron that is a line,
/// activation = w₁ × input + w₂, stored as Weights[0] (w₁) and Weights[1] (w₂).
/// </summary>
public sealed class LinearNeuron
{
    private double _input;
    private double _learningRate;

    /// <summary>A neuron with the texts' starting weights w₁ = 0.1, w₂ = 0.2 and learning rate 0.01.</summary>
    public LinearNeuron() : this(0.1, 0.2) { }

    /// <summary>A neuron with the given weights w₁, w₂ and learning rate η.</summary>
    public LinearNeuron(double w1, double w2, double learningRate = 0.01)
    {
        Weights = [Guard.Finite(w1), Guard.Finite(w2)];
        LearningRate = Guard.LearningRate(learningRate);
    }

    /// <summary>The input x (°C in chapters 1 and 2). Must be finite.</summary>
    public double Input
    {
        get => _input;
        set => _input = Guard.Finite(value, nameof(Input));
    }

    /// <summary>The activation a computed by the last <see cref="FeedForward"/>: the neuron's prediction.</summary>
    public double Activation { get; private set; }

    /// <summary>The weights [w₁, w₂]: Weights[0] multiplies the input, Weights[1] is added.</summary>
    public double[] Weights { get; }

    /// <summary>The learning rate η that scales each step; positive and finite.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Guard.LearningRate(value, nameof(LearningRate));
    }

    /// <summary>activation = Weights[0] × Input + Weights[1]. Stores and returns it.</summary>
    public double FeedForward() => Activation = Weights[0] * Input + Weights[1];

    /// <summary>dE/dw₁ = dE/da × da/dw₁ = dE/da × input.</summary>
    public double ErrorDerivativeForWeight0(double errorDerivative) => errorDerivative * Input;

    /// <summary>dE/dw₂ = dE/da × da/dw₂ = dE/da × 1.</summary>
    public double ErrorDerivativeForWeight1(double errorDerivative) => errorDerivative * 1;

    /// <summary>
    /// One step of gradient descent from dE/da (the error's derivative at the last activation):
    /// wᵢ ← wᵢ - η × dE/dwᵢ, where the neuron multiplies in its own da/dwᵢ.
    /// </summary>
    public void Backpropagate(double errorDerivative)
    {
        Guard.Finite(errorDerivative);
        var deltaW0 = ErrorDerivativeForWeight0(errorDerivative);
        var deltaW1 = ErrorDerivativeForWeight1(errorDerivative);
        Weights[0] -= LearningRate * deltaW0;
        Weights[1] -= LearningRate * deltaW1;
    }

    /// <summary>Shows the formula with the current weights.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"activation = {Weights[0]:0.####} × input + {Weights[1]:0.####}   (learning rate {LearningRate})");
}
