using System.Text.Json;

namespace Neurons.Workbook.Tests.Stdio;

/// <summary>
/// How the Polyglot extension starts a notebook's kernel from the repository's .vscode/settings.json:
/// <c>dotnet-interactive.kernelTransportArgs</c> with {dotnet_path}, {working_dir} (the notebook's
/// folder) and {global_storage_path} filled in, each once per argument as the extension's
/// processArguments does, in <c>dotnet-interactive.kernelTransportWorkingDirectory</c> (by default
/// its global storage folder, which has nothing of ours in it).
/// </summary>
internal static class PolyglotSettings
{
    public static string File => Path.Combine(Repository.Root, ".vscode", "settings.json");

    public static IReadOnlyList<string> TransportArgs
    {
        get
        {
            using var settings = JsonDocument.Parse(System.IO.File.ReadAllText(File),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!settings.RootElement.TryGetProperty("dotnet-interactive.kernelTransportArgs", out var args))
            {
                throw new InvalidOperationException($"{File} sets no dotnet-interactive.kernelTransportArgs");
            }
            return args.EnumerateArray().Select(a => a.GetString()!).ToList();
        }
    }

    public static string? TransportWorkingDirectory
    {
        get
        {
            using var settings = JsonDocument.Parse(System.IO.File.ReadAllText(File),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return settings.RootElement.TryGetProperty("dotnet-interactive.kernelTransportWorkingDirectory", out var dir) ? dir.GetString() : null;
        }
    }

    /// <summary>The process the extension starts for a notebook in <paramref name="notebookFolder"/>.</summary>
    public static (IReadOnlyList<string> CommandLine, string WorkingDirectory) KernelProcess(string notebookFolder, string globalStorage)
    {
        var map = new Dictionary<string, string>
        {
            ["dotnet_path"] = DotnetPath,
            ["global_storage_path"] = globalStorage,
            ["working_dir"] = notebookFolder,
        };
        var commandLine = TransportArgs.Select(a => Replace(a, map)).ToList();
        var workingDirectory = Replace(TransportWorkingDirectory ?? "{global_storage_path}", map);
        return (commandLine, workingDirectory);
    }

    private static string Replace(string template, IReadOnlyDictionary<string, string> map)
    {
        var result = template;
        foreach (var (key, value) in map)
        {
            // String.prototype.replace with a string pattern: the first occurrence only.
            var full = "{" + key + "}";
            var at = result.IndexOf(full, StringComparison.Ordinal);
            if (at >= 0)
            {
                result = result[..at] + value + result[(at + full.Length)..];
            }
        }
        return result;
    }

    /// <summary>The dotnet the tests run on (the extension finds the one on the PATH or its configured one).</summary>
    public static string DotnetPath =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && System.IO.File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}
