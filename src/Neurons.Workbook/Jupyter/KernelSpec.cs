using System.Text.Json.Nodes;
using Neurons.Workbook.Engine;

namespace Neurons.Workbook.Jupyter;

/// <summary>
/// The kernelspec Jupyter starts the workbook's kernel from: a folder named <see cref="Name"/>
/// holding kernel.json, whose argv runs the built host (never dotnet run) with the connection file.
/// </summary>
public static class KernelSpec
{
    public const string Name = "neurons-csharp";
    public const string DisplayName = "Neurons C# (.NET Interactive, the workbook's engine)";
    public const string Language = "C#";
    public const string ServeCommand = "jupyter";

    /// <summary>Where Jupyter looks for a user's kernels on this OS, or PREFIX/share/jupyter/kernels.</summary>
    public static string KernelsFolder(string? prefix)
    {
        if (prefix is not null)
        {
            return Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");
        }
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } data)
        {
            return Path.Combine(data, "kernels");
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels");
        }
        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Jupyter", "kernels");
        }
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(xdg is { Length: > 0 } ? xdg : Path.Combine(home, ".local", "share"), "jupyter", "kernels");
    }

    /// <summary>The command line that serves a connection: the dotnet host running this very build.</summary>
    public static IReadOnlyList<string> Argv()
    {
        var dll = typeof(KernelSpec).Assembly.Location;
        if (string.IsNullOrEmpty(dll) || !File.Exists(dll))
        {
            throw new KernelSpecException($"no built host to point the kernelspec at (this assembly's file is \"{dll}\"): build first with dotnet build Neurons.Notebooks.sln");
        }
        var dotnet = EngineProcess.EngineCommandLine(new DirectoryInfo(Environment.CurrentDirectory))[0];
        if (!Path.IsPathRooted(dotnet) || !File.Exists(dotnet))
        {
            throw new KernelSpecException($"cannot find the dotnet host that runs this build (found \"{dotnet}\"); set DOTNET_ROOT");
        }
        return [dotnet, dll, ServeCommand, "--connection-file", "{connection_file}"];
    }

    public static JsonObject KernelJson() => new()
    {
        ["argv"] = new JsonArray(Argv().Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["display_name"] = DisplayName,
        ["language"] = Language,
        ["interrupt_mode"] = "message",
        ["env"] = new JsonObject { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <returns>The folder written.</returns>
    public static string Install(string? prefix)
    {
        var folder = Path.Combine(KernelsFolder(prefix), Name);
        var json = KernelJson();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "kernel.json");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, path, overwrite: true);
        return folder;
    }

    /// <returns>The folder removed, or null when there was none.</returns>
    public static string? Uninstall(string? prefix)
    {
        var folder = Path.Combine(KernelsFolder(prefix), Name);
        if (!File.Exists(Path.Combine(folder, "kernel.json")))
        {
            return null;
        }
        Directory.Delete(folder, recursive: true);
        return folder;
    }
}

public sealed class KernelSpecException(string message) : Exception(message);
