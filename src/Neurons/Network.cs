using System.Globalization;
using System.Runtime.CompilerServices;

namespace Neurons;

/// <summary>
/// Layers of <see cref="Neuron"/>s, each layer's outputs the next layer's inputs, ending in one
/// output neuron: the 2-2-1 network of chapter 3 and the 3-2-1 network of chapter 4, or any other
/// hidden layer sizes. Its feedforward and backpropagation are its neurons', layer by layer; training
/// computes every gradient first (<see cref="Backpropagate"/>), then steps every parameter
/// (<see cref="Step"/>).
/// </summary>
/// <remarks>
/// Symbols: the parameters are numbered as chapter 3 numbers them, in <see cref="Parameters"/>: the
/// weights w1, w2, … layer by layer, neuron by neuron, input by input; then the biases b1, b2, …,
/// neuron by neuron. So in the 2-2-1 network w1 and w2 feed h1, w3 and w4 feed h2, w5 and w6 feed o1,
/// and h1, h2, o1 have the biases b1, b2, b3.
/// </remarks>
public sealed class Network
{
    /// <summary>The most parameters a network may have: far more than any chapter needs, and memory a laptop has.</summary>
    public const int MaxParameters = 1_000_000;

    private readonly Layer[] _layers;
    private readonly Parameter[] _parameters;
    private readonly double[] _valuesBeforeStep;

    /// <summary>
    /// A network with <paramref name="inputCount"/> inputs and the given layer sizes (the last must
    /// be 1), every weight and bias drawn from a standard normal distribution with the seed, neuron by
    /// neuron (its weights, then its bias). Every neuron has the activation (the sigmoid if none is given).
    /// Without bias, biases stay 0 and are not parameters (chapter 4's network has eight weights and no bias).
    /// </summary>
    public Network(int inputCount, int[] layerSizes, int seed, IActivation? activation = null, bool useBias = true)
        : this(inputCount, layerSizes, activation, useBias, NormalInitializer(seed)) { }

    private Network(int inputCount, int[] layerSizes, IActivation? activation, bool useBias, Func<double> draw)
    {
        CheckShape(inputCount, layerSizes, useBias);
        InputCount = inputCount;
        UsesBias = useBias;
        var f = activation ?? new Sigmoid();
        _layers = new Layer[layerSizes.Length];
        var fanIn = inputCount;
        for (var l = 0; l < layerSizes.Length; l++)
        {
            var neurons = new Neuron[layerSizes[l]];
            for (var j = 0; j < neurons.Length; j++)
            {
                var weights = new double[fanIn];
                for (var i = 0; i < fanIn; i++) weights[i] = draw();
                neurons[j] = new Neuron(weights, useBias ? draw() : 0, f);
            }
            _layers[l] = new Layer(neurons);
            fanIn = layerSizes[l];
        }
        Layers = Array.AsReadOnly(_layers);
        _parameters = ListParameters();
        _valuesBeforeStep = new double[_parameters.Length];
        Parameters = Array.AsReadOnly(_parameters);
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
    /// <c>Layers[l][j]</c> is neuron j of layer l, counted from 0. Read-only: a network's neurons are its own.
    /// </summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>The output neuron o1, whose output is ŷ.</summary>
    public Neuron OutputNeuron => _layers[^1][0];

    /// <summary>Every neuron, layer by layer.</summary>
    public IEnumerable<Neuron> Neurons => _layers.SelectMany(layer => layer);

    /// <summary>
    /// Every number training may change, in the chapters' order: w1 … wN, then b1 … bM. Training,
    /// the gradient check and printing all walk this one list.
    /// </summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// Feedforward: each layer's outputs are f(w · x + b) of the previous layer's outputs x, neuron by
    /// neuron; returns the output neuron's value ŷ.
    /// </summary>
    public double FeedForward(ReadOnlySpan<double> inputs)
    {
        CheckInputs(inputs);
        return Forward(inputs);
    }

    /// <summary>
    /// Feedforward, then the backward pass: from dE/dŷ at the output back to the first layer, every
    /// neuron's <see cref="Neuron.Backpropagate"/>, each layer passing the blame down by the chain rule,
    /// dE/d(output of j) = Σₖ dE/dzₖ × wₖⱼ over the next layer's neurons k. Stores every dE/dp (read
    /// them in <see cref="Parameters"/>); changes no parameter. Returns the error E(goal, ŷ).
    /// </summary>
    public double Backpropagate(ReadOnlySpan<double> inputs, double goal, IError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Guard.Finite(goal);
        CheckInputs(inputs);
        return Backward(inputs, goal, error);
    }

    /// <summary>
    /// One step of gradient descent with the gradient of the last <see cref="Backpropagate"/>: every
    /// parameter p ← p - η × dE/dp. A step that would leave a parameter that is not finite is refused,
    /// naming <paramref name="learningRate"/>, and every parameter stays as it was.
    /// </summary>
    public void Step(double learningRate)
    {
        Guard.LearningRate(learningRate);
        StepRefusingOverflow(learningRate);
    }

    /// <summary>
    /// One step of stochastic gradient descent on one sample: <see cref="Backpropagate"/>, then
    /// <see cref="Step"/>. Returns the error before the step.
    /// </summary>
    public double TrainStep(ReadOnlySpan<double> inputs, double goal, IError error, double learningRate)
    {
        var e = BackpropagateForStep(inputs, goal, error, learningRate);
        StepRefusingOverflow(learningRate);
        return e;
    }

    // TrainStep for a trainer: a step that overflows is left in place, for the trainer to report as divergence.
    internal double TrainStepReportingOverflow(ReadOnlySpan<double> inputs, double goal, IError error, double learningRate)
    {
        var e = BackpropagateForStep(inputs, goal, error, learningRate);
        StepAll(learningRate);
        return e;
    }

    /// <summary>The parameters' values as one vector, in the order of <see cref="Parameters"/>.</summary>
    public double[] GetParameters() => [.. Parameters.Select(p => p.Value)];

    /// <summary>The last backpropagation's dE/dp for every parameter p, in the order of <see cref="Parameters"/>.</summary>
    public double[] GetGradient() => [.. Parameters.Select(p => p.Gradient)];

    /// <summary>Sets every parameter from one vector in the order of <see cref="Parameters"/>; all must be finite.</summary>
    public void SetParameters(ReadOnlySpan<double> values)
    {
        Guard.Length(values, _parameters.Length, nameof(values));
        Guard.Finite(values, nameof(values));
        for (var k = 0; k < _parameters.Length; k++)
            _parameters[k].Value = values[k];
    }

    // The neurons' feedforward, layer by layer, unchecked: numbers that overflow inside are divergence.
    internal double Forward(ReadOnlySpan<double> inputs)
    {
        var x = inputs;
        foreach (var layer in _layers)
            x = layer.Forward(x);
        return x[0];
    }

    private double Backward(ReadOnlySpan<double> inputs, double goal, IError error)
    {
        var prediction = Forward(inputs);
        _layers[^1].OutputDerivatives[0] = error.Derivative(goal, prediction);
        for (var l = _layers.Length - 1; l >= 0; l--)
            _layers[l].Backward(
                l == 0 ? inputs : _layers[l - 1].Outputs,
                l == 0 ? default : _layers[l - 1].OutputDerivatives);
        return error.Error(goal, prediction);
    }

    private double BackpropagateForStep(ReadOnlySpan<double> inputs, double goal, IError error, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(error);
        Guard.LearningRate(learningRate);
        Guard.Finite(goal);
        CheckInputs(inputs);
        return Backward(inputs, goal, error);
    }

    private void StepAll(double learningRate)
    {
        foreach (var p in _parameters)
            p.Step(learningRate);
    }

    // The step, undone (from a copy of the values before it) when it leaves a parameter that is not finite.
    private void StepRefusingOverflow(double learningRate)
    {
        var before = _valuesBeforeStep;
        for (var k = 0; k < before.Length; k++)
            before[k] = _parameters[k].Value;
        var finite = true;
        foreach (var p in _parameters)
            finite &= double.IsFinite(p.Step(learningRate));
        if (!finite)
            UndoAndRefuse(learningRate);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UndoAndRefuse(double learningRate)
    {
        var p = _parameters.First(p => !double.IsFinite(p.Value));
        var (name, stepped) = (p.Name, p.Value);
        for (var k = 0; k < _parameters.Length; k++)
            _parameters[k].Value = _valuesBeforeStep[k];
        throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, string.Create(CultureInfo.InvariantCulture,
            $"learningRate {Guard.Show(learningRate)} with the last gradient (d{name} = {Guard.Show(p.Gradient)}) would move {name} to {Guard.Show(stepped)}; every parameter is left as it was."));
    }

    private void CheckInputs(ReadOnlySpan<double> inputs)
    {
        Guard.Length(inputs, InputCount, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
    }

    // w1 … wN over every neuron's weights, then b1 … bM, one per neuron.
    private Parameter[] ListParameters()
    {
        var weights = _layers.SelectMany(layer => layer).SelectMany(n => Enumerable.Range(0, n.WeightCount).Select(i => (Neuron: n, Index: i)));
        var biases = UsesBias ? _layers.SelectMany(layer => layer).Select(n => (Neuron: n, Index: n.WeightCount)) : [];
        return
        [
            .. weights.Select((p, k) => p.Neuron.ViewOf($"w{k + 1}", p.Index)),
            .. biases.Select((p, k) => p.Neuron.ViewOf($"b{k + 1}", p.Index)),
        ];
    }

    private static void CheckShape(int inputCount, int[] layerSizes, bool useBias)
    {
        Guard.Positive(inputCount);
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Length == 0 || layerSizes[^1] != 1)
            throw new ArgumentException(
                $"layerSizes must end in one output neuron, but was [{string.Join(", ", layerSizes)}].", nameof(layerSizes));
        long count = 0;
        long fanIn = inputCount;
        for (var l = 0; l < layerSizes.Length; l++)
        {
            if (layerSizes[l] <= 0)
                throw new ArgumentOutOfRangeException(nameof(layerSizes), layerSizes[l], $"layerSizes[{l}] must be at least 1, but was {layerSizes[l]}.");
            count += fanIn * layerSizes[l] + (useBias ? layerSizes[l] : 0);
            if (count > MaxParameters)
            {
                var (name, value) = l == 0 && fanIn > layerSizes[l] ? (nameof(inputCount), (object)inputCount) : (nameof(layerSizes), $"[{string.Join(", ", layerSizes)}]");
                throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture,
                    $"A network of {inputCount} input(s) and layers [{string.Join(", ", layerSizes)}] would have more than {MaxParameters:N0} parameters (the most a network may have); {name} was {value}."));
            }
            fanIn = layerSizes[l];
        }
    }

    private static Func<double> NormalInitializer(int seed)
    {
        var random = new Random(seed);
        return () => Seeded.Normal(random);
    }

    /// <summary>The shape and every parameter, so a notebook cell ending in a network shows its weights.</summary>
    public override string ToString() =>
        $"Network {InputCount}-{string.Join("-", _layers.Select(l => l.Count))}: {string.Join(", ", Parameters)}";
}
