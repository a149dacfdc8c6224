using System.Diagnostics;

namespace Neurons.Workbook.Tests;

/// <summary>The built workbook command line in its own process, as a user meets it.</summary>
public static class WorkbookCli
{
    /// <summary>Runs the built host with <paramref name="folder"/> as the current directory.</summary>
    public static (int Exit, string Output, string Errors) Run(string folder, params string[] arguments) =>
        Run(folder, arguments, environment: null);

    /// <param name="environment">variables set in the host's environment besides the inherited ones</param>
    public static (int Exit, string Output, string Errors) Run(string folder, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var runner = Path.Combine(AppContext.BaseDirectory, "Neurons.Workbook.dll");
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(runner);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the runner did not finish: {string.Join(' ', arguments)}");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
