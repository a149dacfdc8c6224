using System.Globalization;
using System.Text;

namespace Neurons;

/// <summary>
/// Layers of <see cref="Neuron"/>s, each layer's outputs the next layer's inputs, ending in one
/// output neuron: the 2-2-1 network of chapter 3 and the 3-2-1 network of chapter 4, or any
/// other hidden layer sizes. Parameters are numbered as chapter 3 numbers them: the weights
/// w1, w2, … layer by layer, neuron by neuron, input by input; then the biases b1, b2, ….
/// </summary>
public sealed class Network
{
    private readonly Neuron[][] _layers;
    private readonly IActivation _activation;      // every neuron's f: a network has one activation function
    private readonly double[][] _outputs;          // each layer's outputs from the last feedforward
    private readonly double[][] _outputDerivatives; // dE/d(output) per neuron from the last backpropagation

    /// <summary>
    /// A network with <paramref name="inputCount"/> inputs and the given layer sizes (the last must
    /// be 1), every weight and bias drawn from a standard normal distribution with the seed.
    /// Without bias, biases stay 0 and are not parameters (chapter 4's network has eight weights and no bias).
    /// </summary>
    public Network(int inputCount, int[] layerSizes, int seed, IActivation? activation = null, bool useBias = true)
        : this(inputCount, layerSizes, activation, useBias, NormalInitializer(seed)) { }

    private Network(int inputCount, int[] layerSizes, IActivation? activation, bool useBias, Func<double> draw)
    {
        Guard.Positive(inputCount);
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Length == 0 || layerSizes[^1] != 1)
            throw new ArgumentException(
                $"layerSizes must end in one output neuron, but was [{string.Join(", ", layerSizes)}].", nameof(layerSizes));
        for (var l = 0; l < layerSizes.Length; l++)
            if (layerSizes[l] <= 0)
                throw new ArgumentOutOfRangeException(nameof(layerSizes), layerSizes[l], $"layerSizes[{l}] must be at least 1, but was {layerSizes[l]}.");

        InputCount = inputCount;
        UsesBias = useBias;
        _activation = activation ?? Sigmoid.Instance;
        _layers = new Neuron[layerSizes.Length][];
        _outputs = new double[layerSizes.Length][];
        _outputDerivatives = new double[layerSizes.Length][];
        var fanIn = inputCount;
        for (var l = 0; l < layerSizes.Length; l++)
        {
            _layers[l] = new Neuron[layerSizes[l]];
            for (var j = 0; j < layerSizes[l]; j++)
            {
                var weights = new double[fanIn];
                for (var i = 0; i < fanIn; i++) weights[i] = draw();
                _layers[l][j] = new Neuron(weights, useBias ? draw() : 0, _activation);
            }
            _outputs[l] = new double[layerSizes[l]];
            _outputDerivatives[l] = new double[layerSizes[l]];
            fanIn = layerSizes[l];
        }
        Layers = Array.AsReadOnly(_layers.Select(layer => (IReadOnlyList<Neuron>)Array.AsReadOnly(layer)).ToArray());
        ParameterNames = BuildParameterNames();
    }

    /// <summary>A network whose weights all equal <paramref name="weight"/> and biases all equal <paramref name="bias"/> (chapter 3's hand-worked examples).</summary>
    public static Network WithConstants(int inputCount, int[] layerSizes, double weight, double bias = 0, IActivation? activation = null, bool useBias = true)
    {
        Guard.Finite(weight);
        Guard.Finite(bias);
        var net = new Network(inputCount, layerSizes, activation, useBias, () => weight);
        if (useBias)
            foreach (var neuron in net.Neurons) neuron.Bias = bias;
        return net;
    }

    /// <summary>How many inputs the first layer takes.</summary>
    public int InputCount { get; }

    /// <summary>Whether biases are trained parameters.</summary>
    public bool UsesBias { get; }

    /// <summary>
    /// The layers, first hidden layer first, the output layer (one neuron) last:
    /// <c>Layers[l][j]</c> is neuron j of layer l. Read-only lists: a network's neurons are its own.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Neuron>> Layers { get; }

    /// <summary>The output neuron.</summary>
    public Neuron OutputNeuron => _layers[^1][0];

    /// <summary>Every neuron, layer by layer.</summary>
    public IEnumerable<Neuron> Neurons => _layers.SelectMany(layer => layer);

    /// <summary>The parameters' names in the order of <see cref="GetParameters"/>: w1 … wN, then b1 … bM.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>How many numbers training may change.</summary>
    public int ParameterCount => ParameterNames.Count;

    /// <summary>
    /// Feedforward: each layer's outputs are f(W x + b) of the previous layer's outputs x;
    /// returns the output neuron's value ŷ.
    /// </summary>
    public double FeedForward(ReadOnlySpan<double> inputs)
    {
        Guard.Length(inputs, InputCount, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
        return _activation switch
        {
            Sigmoid => FeedForward(inputs, default(SigmoidKernel)),
            Identity => FeedForward(inputs, default(IdentityKernel)),
            var f => FeedForward(inputs, new AnyKernel(f)),
        };
    }

    /// <summary>
    /// Feedforward, then backpropagation: every neuron's dE/dz, dE/dwᵢ and dE/db for one sample,
    /// by the chain rule from dE/dŷ at the output back to the first layer:
    /// dE/d(output of j) = Σₖ dE/dzₖ × wₖⱼ over the next layer's neurons k.
    /// Returns the error E(goal, ŷ). Read the gradient with <see cref="GetGradient"/> or from each neuron.
    /// </summary>
    public double Backpropagate(ReadOnlySpan<double> inputs, double goal, IError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Guard.Finite(goal);
        return Step(inputs, goal, error, learningRate: 0);
    }

    /// <summary>
    /// One step of stochastic gradient descent on one sample: backpropagate, then
    /// every parameter p ← p - η × dE/dp. Returns the error before the step.
    /// </summary>
    public double TrainStep(ReadOnlySpan<double> inputs, double goal, IError error, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(error);
        Guard.LearningRate(learningRate);
        Guard.Finite(goal);
        return Step(inputs, goal, error, learningRate);
    }

    // Backpropagation, and a step when the learning rate is positive. The activation is looked up
    // once here, so the loops below call the sigmoid (or the identity) directly instead of through
    // the interface at every neuron: the same arithmetic, without a virtual call per neuron.
    private double Step(ReadOnlySpan<double> inputs, double goal, IError error, double learningRate)
    {
        Guard.Length(inputs, InputCount, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
        return _activation switch
        {
            Sigmoid => Step(inputs, goal, error, learningRate, default(SigmoidKernel)),
            Identity => Step(inputs, goal, error, learningRate, default(IdentityKernel)),
            var f => Step(inputs, goal, error, learningRate, new AnyKernel(f)),
        };
    }

    private double FeedForward<TActivation>(ReadOnlySpan<double> inputs, TActivation f)
        where TActivation : struct, IActivationKernel
    {
        var x = inputs;
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var outputs = _outputs[l];
            for (var j = 0; j < layer.Length; j++)
            {
                // z = Σᵢ wᵢ xᵢ + b, output = f(z)
                var neuron = layer[j];
                var w = neuron.Weights;
                var z = neuron.Bias;
                for (var i = 0; i < w.Length; i++)
                    z += w[i] * x[i];
                neuron.Sum = z;
                outputs[j] = neuron.Output = f.Apply(z);
            }
            x = outputs;
        }
        return _outputs[^1][0];
    }

    // Feedforward, then the backward pass from dE/dŷ, layer by layer from the output. For each neuron:
    // dE/dz = dE/d(output) × f'(z), dE/dwᵢ = dE/dz × xᵢ, dE/db = dE/dz, and its share dE/dz × wᵢ of
    // dE/d(output) of input i in the layer below, summed with the weights of the feedforward. Only
    // then, when a learning rate is given, does the neuron step: p ← p - η × dE/dp. So a step moves
    // every parameter by the gradient that Backpropagate alone reports.
    private double Step<TActivation>(ReadOnlySpan<double> inputs, double goal, IError error, double learningRate, TActivation f)
        where TActivation : struct, IActivationKernel
    {
        var prediction = FeedForward(inputs, f);
        var last = _layers.Length - 1;
        _outputDerivatives[last][0] = error.Derivative(goal, prediction);
        for (var l = last; l >= 0; l--)
        {
            ReadOnlySpan<double> x = l == 0 ? inputs : _outputs[l - 1];
            Span<double> below = l == 0 ? [] : _outputDerivatives[l - 1];
            below.Clear();
            var layer = _layers[l];
            var derivatives = _outputDerivatives[l];
            for (var j = 0; j < layer.Length; j++)
            {
                var neuron = layer[j];
                var delta = derivatives[j] * f.DerivativeFromOutput(neuron.Sum, neuron.Output);
                neuron.StoreGradients(x, delta);
                var w = neuron.Weights;
                for (var i = 0; i < below.Length; i++)
                    below[i] += delta * w[i];
                if (learningRate > 0)
                {
                    var g = neuron.WeightGradients;
                    for (var i = 0; i < w.Length; i++)
                        w[i] -= learningRate * g[i];
                    if (UsesBias)
                        neuron.StepBias(learningRate);
                }
            }
        }
        return error.Error(goal, prediction);
    }

    // f and f' called directly, each written once in its activation class (generic code over a
    // struct is compiled once per activation, so these calls inline).
    private interface IActivationKernel
    {
        double Apply(double z);
        double DerivativeFromOutput(double z, double output);
    }

    private readonly struct SigmoidKernel : IActivationKernel
    {
        public double Apply(double z) => Sigmoid.Instance.Apply(z);
        public double DerivativeFromOutput(double z, double output) => Sigmoid.Instance.DerivativeFromOutput(z, output);
    }

    private readonly struct IdentityKernel : IActivationKernel
    {
        public double Apply(double z) => Identity.Instance.Apply(z);
        public double DerivativeFromOutput(double z, double output) => Identity.Instance.DerivativeFromOutput(z, output);
    }

    private readonly struct AnyKernel(IActivation f) : IActivationKernel
    {
        public double Apply(double z) => f.Apply(z);
        public double DerivativeFromOutput(double z, double output) => f.DerivativeFromOutput(z, output);
    }

    /// <summary>The parameters as one vector, in the order of <see cref="ParameterNames"/>.</summary>
    public double[] GetParameters()
    {
        var values = new double[ParameterCount];
        CopyParametersTo(values);
        return values;
    }

    /// <summary>Copies the parameters into <paramref name="destination"/> without allocating.</summary>
    public void CopyParametersTo(Span<double> destination) => Walk(destination, static (n, i) => n.Weights[i], static n => n.Bias);

    /// <summary>The last backpropagation's dE/dp for every parameter p, in the order of <see cref="ParameterNames"/>.</summary>
    public double[] GetGradient()
    {
        var values = new double[ParameterCount];
        Walk(values, static (n, i) => n.WeightGradients[i], static n => n.BiasGradient);
        return values;
    }

    /// <summary>Sets every parameter from one vector in the order of <see cref="ParameterNames"/>.</summary>
    public void SetParameters(ReadOnlySpan<double> values)
    {
        Guard.Length(values, ParameterCount, nameof(values));
        Guard.Finite(values, nameof(values));
        var k = 0;
        foreach (var layer in _layers)
            foreach (var neuron in layer)
                for (var i = 0; i < neuron.Weights.Length; i++)
                    neuron.Weights[i] = values[k++];
        if (UsesBias)
            foreach (var layer in _layers)
                foreach (var neuron in layer)
                    neuron.Bias = values[k++];
    }

    private void Walk(Span<double> destination, Func<Neuron, int, double> weight, Func<Neuron, double> bias)
    {
        Guard.Length(destination, ParameterCount, nameof(destination));
        var k = 0;
        foreach (var layer in _layers)
            foreach (var neuron in layer)
                for (var i = 0; i < neuron.Weights.Length; i++)
                    destination[k++] = weight(neuron, i);
        if (UsesBias)
            foreach (var layer in _layers)
                foreach (var neuron in layer)
                    destination[k++] = bias(neuron);
    }

    // w1 … wN over every neuron's weights, then b1 … bM, one per neuron: the order of Walk.
    private string[] BuildParameterNames()
    {
        var weightCount = _layers.Sum(layer => layer.Sum(neuron => neuron.Weights.Length));
        var biasCount = UsesBias ? _layers.Sum(layer => layer.Length) : 0;
        return [.. Enumerable.Range(1, weightCount).Select(w => $"w{w}"), .. Enumerable.Range(1, biasCount).Select(b => $"b{b}")];
    }

    private static Func<double> NormalInitializer(int seed)
    {
        var random = new Random(seed);
        return () => Seeded.Normal(random);
    }

    /// <summary>The shape and every parameter, so a notebook cell ending in a network shows its weights.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Network {InputCount}-{string.Join("-", _layers.Select(l => l.Length))}: ");
        var values = GetParameters();
        text.AppendJoin(", ", ParameterNames.Select((name, k) => string.Create(CultureInfo.InvariantCulture, $"{name} = {values[k]:0.####}")));
        return text.ToString();
    }
}
