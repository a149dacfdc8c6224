using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Neurons.Benchmarks;

/// <summary>
/// One training step of the linear neuron and of the 2-2-1 network, each against a baseline that
/// does the same arithmetic as plain C# over fields and arrays (the stand-in for a plain C loop).
/// Each call takes the next sample of a small fixed set, so the weights keep training as in a real
/// run and library and baseline see the same numbers.
/// Run: dotnet run -c Release --project tests/Neurons.Benchmarks -- --filter '*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TrainingStepBenchmarks
{
    private const int SampleMask = 1023;
    private const double NeuronLearningRate = 0.01;
    private const double NetworkLearningRate = 0.1;

    private readonly IError _squared = new SquaredError();
    private double[] _celsius = [];
    private double[] _fahrenheit = [];
    private LinearNeuron _neuron = new();
    private double _plainW1, _plainW2;
    private int _j;

    private double[][] _people = [];
    private double[] _genders = [];
    private Network _network = null!;
    private double[] _w = [];
    private double[] _b = [];
    private int _k;

    [GlobalSetup]
    public void Setup()
    {
        Initialize();
        VerifyBaselinesDoTheSameArithmetic();
    }

    /// <summary>
    /// A ratio means something only if the baseline computes what the library computes: run both for
    /// a while from the same start and require the same weights (up to rounding), or refuse to measure.
    /// </summary>
    private static void VerifyBaselinesDoTheSameArithmetic()
    {
        var check = new TrainingStepBenchmarks();
        check.Initialize();
        for (var step = 0; step < 4000; step++)
        {
            check.LinearNeuronStep();
            check._j--;
            check.PlainLinearStep();
            check.NetworkStep();
            check._k--;
            check.PlainNetworkStep();
        }
        var recomputing = new TrainingStepBenchmarks();
        recomputing.Initialize();
        for (var step = 0; step < 4000; step++)
            recomputing.PlainNetworkStepRecomputingF();
        double[] library = [check._neuron.W1, check._neuron.W2, .. check._network.GetParameters()];
        double[] plain = [check._plainW1, check._plainW2, .. check._w, .. check._b];
        double[] plainRecomputing = [check._plainW1, check._plainW2, .. recomputing._w, .. recomputing._b];
        for (var i = 0; i < library.Length; i++)
            if (!(Math.Abs(library[i] - plain[i]) <= 1e-9 * Math.Max(1, Math.Abs(library[i])))
                || !(Math.Abs(library[i] - plainRecomputing[i]) <= 1e-9 * Math.Max(1, Math.Abs(library[i]))))
                throw new InvalidOperationException($"A baseline drifted from the library at parameter {i}: {plain[i]} and {plainRecomputing[i]} vs {library[i]}.");
        var trained = check._network.GetParameters();
        if (trained.SequenceEqual(new Network(2, [2, 1], seed: 0).GetParameters()))
            throw new InvalidOperationException("The network did not train during the check.");
    }

    private void Initialize()
    {
        var temperatures = Temperature.Sample(SampleMask + 1, seed: 1);
        _celsius = [.. temperatures.Inputs.Select(x => x[0])];
        _fahrenheit = temperatures.Goals;
        _neuron = new LinearNeuron(0.1, 0.2, NeuronLearningRate);
        (_plainW1, _plainW2) = (0.1, 0.2);

        var people = People.ShiftedTraining;
        _people = people.Inputs;
        _genders = people.Goals;
        _network = new Network(2, [2, 1], seed: 0);
        // The baseline starts from the same parameters: w1..w6, then b1..b3.
        var p = _network.GetParameters();
        _w = p[..6];
        _b = p[6..];
    }

    // The linear neuron: a = w1 x + w2, E = (g - a)², w ← w - η dE/dw.

    [Benchmark(Description = "LinearNeuron: FeedForward + Derivative + Backpropagate")]
    [BenchmarkCategory("linear neuron")]
    public double LinearNeuronStep()
    {
        var j = _j = (_j + 1) & SampleMask;
        _neuron.Input = _celsius[j];
        var activation = _neuron.FeedForward();
        _neuron.Backpropagate(_squared.Derivative(_fahrenheit[j], activation));
        return activation;
    }

    [Benchmark(Baseline = true, Description = "plain C#: the same linear step")]
    [BenchmarkCategory("linear neuron")]
    public double PlainLinearStep()
    {
        var j = _j = (_j + 1) & SampleMask;
        var x = _celsius[j];
        var activation = _plainW1 * x + _plainW2;
        var dEdA = 2 * (_fahrenheit[j] - activation) * -1;
        _plainW1 -= NeuronLearningRate * dEdA * x;
        _plainW2 -= NeuronLearningRate * dEdA;
        return activation;
    }

    // The 2-2-1 network of text 003: sigmoid everywhere, squared error, one SGD step on one person.

    [Benchmark(Description = "Network 2-2-1: TrainStep")]
    [BenchmarkCategory("2-2-1 network")]
    public double NetworkStep()
    {
        var k = _k = (_k + 1) & 3;
        return _network.TrainStep(_people[k], _genders[k], _squared, NetworkLearningRate);
    }

    [Benchmark(Description = "plain C#: 2-2-1 step, f'(z) recomputing f(z) as text 003 does")]
    [BenchmarkCategory("2-2-1 network")]
    public double PlainNetworkStepRecomputingF()
    {
        var k = _k = (_k + 1) & 3;
        var x = _people[k];
        var y = _genders[k];
        var w = _w;
        var b = _b;

        var sumH1 = w[0] * x[0] + w[1] * x[1] + b[0];
        var h1 = Sigmoid(sumH1);
        var sumH2 = w[2] * x[0] + w[3] * x[1] + b[1];
        var h2 = Sigmoid(sumH2);
        var sumO1 = w[4] * h1 + w[5] * h2 + b[2];
        var o1 = Sigmoid(sumO1);

        // f'(z) recomputes f(z), as text 003's deriv_sigmoid does.
        var deltaO1 = -2 * (y - o1) * SigmoidDerivative(sumO1);
        var deltaH1 = deltaO1 * w[4] * SigmoidDerivative(sumH1);
        var deltaH2 = deltaO1 * w[5] * SigmoidDerivative(sumH2);

        PlainUpdate(w, b, x, deltaH1, deltaH2, deltaO1, h1, h2);
        return (y - o1) * (y - o1);
    }

    // f'(z) = o (1 - o) from the stored output, as the library's network does.
    [Benchmark(Baseline = true, Description = "plain C#: the same 2-2-1 step")]
    [BenchmarkCategory("2-2-1 network")]
    public double PlainNetworkStep()
    {
        var k = _k = (_k + 1) & 3;
        var x = _people[k];
        var y = _genders[k];
        var w = _w;
        var b = _b;

        var h1 = Sigmoid(w[0] * x[0] + w[1] * x[1] + b[0]);
        var h2 = Sigmoid(w[2] * x[0] + w[3] * x[1] + b[1]);
        var o1 = Sigmoid(w[4] * h1 + w[5] * h2 + b[2]);

        var deltaO1 = -2 * (y - o1) * o1 * (1 - o1);
        var deltaH1 = deltaO1 * w[4] * h1 * (1 - h1);
        var deltaH2 = deltaO1 * w[5] * h2 * (1 - h2);

        PlainUpdate(w, b, x, deltaH1, deltaH2, deltaO1, h1, h2);
        return (y - o1) * (y - o1);
    }

    // p ← p - η dE/dp for the nine parameters, with dE/dw = δ × (the input the weight multiplies).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlainUpdate(double[] w, double[] b, double[] x, double deltaH1, double deltaH2, double deltaO1, double h1, double h2)
    {
        w[0] -= NetworkLearningRate * deltaH1 * x[0];
        w[1] -= NetworkLearningRate * deltaH1 * x[1];
        w[2] -= NetworkLearningRate * deltaH2 * x[0];
        w[3] -= NetworkLearningRate * deltaH2 * x[1];
        w[4] -= NetworkLearningRate * deltaO1 * h1;
        w[5] -= NetworkLearningRate * deltaO1 * h2;
        b[0] -= NetworkLearningRate * deltaH1;
        b[1] -= NetworkLearningRate * deltaH2;
        b[2] -= NetworkLearningRate * deltaO1;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    private static double SigmoidDerivative(double z)
    {
        var f = Sigmoid(z);
        return f * (1 - f);
    }
}
