using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Neurons.Workbook.Tests.Oracle;

/// <summary>
/// The chapters executed by the real dotnet-interactive (the local tool in .config/dotnet-tools.json)
/// as a Jupyter kernel, driven by Debian's nbclient: what a reader of Polyglot's own kernel sees. Its
/// kernelspec lives in a temporary Jupyter data folder, never the user's. Each chapter runs once per
/// test run and is shared.
/// </summary>
public static class RealKernelRuns
{
    public const string KernelName = "real-dotnet-interactive-csharp";

    private static readonly Lazy<string> DataFolder = new(InstallKernelSpec);
    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonObject>>> Runs = new(StringComparer.Ordinal);

    /// <summary>The executed notebooks/<paramref name="chapter"/> (a file name), as nbclient saved it.</summary>
    public static Task<JsonObject> Of(string chapter) =>
        Runs.GetOrAdd(chapter, name => new Lazy<Task<JsonObject>>(() => ExecuteAsync(name))).Value;

    private static string InstallKernelSpec()
    {
        var data = Directory.CreateTempSubdirectory("workbook-real-kernel-").FullName;
        var spec = Path.Combine(data, "kernels", KernelName);
        Directory.CreateDirectory(spec);
        // The argv the tool's own `jupyter install` writes, run through the local tool manifest.
        var kernel = new JsonObject
        {
            ["argv"] = new JsonArray("dotnet", "tool", "run", "dotnet-interactive", "--", "jupyter",
                "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"),
            ["display_name"] = ".NET (C#), the real dotnet-interactive",
            ["language"] = "C#",
        };
        File.WriteAllText(Path.Combine(spec, "kernel.json"), kernel.ToJsonString());
        return data;
    }

    private static async Task<JsonObject> ExecuteAsync(string chapter)
    {
        var output = Directory.CreateTempSubdirectory("workbook-real-run-").FullName;
        var script = Path.Combine(Repository.Root, "tests", "Neurons.Workbook.Tests", "Oracle", "execute_with_nbclient.py");
        var start = new ProcessStartInfo(DebianPython)
        {
            WorkingDirectory = Repository.Notebooks,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, KernelName, output, Path.Combine(Repository.Notebooks, chapter) })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["JUPYTER_PATH"] = DataFolder.Value;
        start.Environment["JUPYTER_DATA_DIR"] = DataFolder.Value;
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nbclient could not execute {chapter} on the real dotnet-interactive (exit code {process.ExitCode}): {await stderr}");
        }
        var executed = Path.Combine(output, chapter);
        var notebook = JsonNode.Parse(await File.ReadAllTextAsync(executed))!.AsObject();
        Directory.Delete(output, recursive: true);
        _ = await stdout;
        return notebook;
    }

    /// <summary>Debian's Python, which has python3-nbclient (the first python3 on PATH may not).</summary>
    public const string DebianPython = "/usr/bin/python3";
}
