using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Neurons.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        // The machines are shared: building the benchmark's boilerplate can take longer than
        // BenchmarkDotNet's default two minutes, so allow ten.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
