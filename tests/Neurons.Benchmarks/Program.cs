using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Neurons.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["--interleaved", ..])
        {
            Interleaved(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
            return;
        }
        // The machines are shared: building the benchmark's boilerplate can take longer than
        // BenchmarkDotNet's default two minutes, so allow ten.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }

    /// <summary>
    /// A rough cross-check for a busy machine: runs each library step and its baseline in alternating
    /// chunks of 20 000 steps, so both see the same load. Prints the fastest chunk of each (other
    /// engineers' work only ever adds time) and the medians. BenchmarkDotNet's table stays the reference.
    /// </summary>
    private static void Interleaved(int pairs)
    {
        var bench = new TrainingStepBenchmarks();
        bench.Setup();
        (string Name, Func<double> Library, Func<double> Plain)[] cases =
        [
            ("linear neuron step", bench.LinearNeuronStep, bench.PlainLinearStep),
            ("2-2-1 network step", bench.NetworkStep, bench.PlainNetworkStep),
            ("2-2-1 network step vs f recomputed", bench.NetworkStep, bench.PlainNetworkStepRecomputingF),
        ];
        const int chunk = 20_000;
        foreach (var (name, library, plain) in cases)
        {
            var lib = new double[pairs];
            var pla = new double[pairs];
            var ratio = new double[pairs];
            for (var p = -10; p < pairs; p++) // 10 pairs of warm-up
            {
                var a = Time(library, chunk);
                var b = Time(plain, chunk);
                if (p < 0) continue;
                (lib[p], pla[p], ratio[p]) = (a, b, a / b);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: fastest chunk library {lib.Min():0.0} ns, plain {pla.Min():0.0} ns, ratio {lib.Min() / pla.Min():0.00}; medians {Median(lib):0.0} ns, {Median(pla):0.0} ns, ratio median {Median(ratio):0.00} (quartiles {Quantile(ratio, 0.25):0.00}..{Quantile(ratio, 0.75):0.00}); {pairs} pairs of {chunk} steps"));
        }
    }

    private static double Time(Func<double> step, int count)
    {
        var sink = 0.0;
        var watch = Stopwatch.StartNew();
        for (var k = 0; k < count; k++) sink += step();
        watch.Stop();
        GC.KeepAlive(sink);
        return watch.Elapsed.TotalNanoseconds / count;
    }

    private static double Median(double[] values) => Quantile(values, 0.5);

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
