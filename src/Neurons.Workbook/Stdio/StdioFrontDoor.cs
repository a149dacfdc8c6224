using System.CommandLine;

namespace Neurons.Workbook.Stdio;

/// <summary>
/// The command line the Polyglot extension passes to its kernel: <c>[vscode] stdio --working-dir DIR</c>,
/// with the other options the real dotnet-interactive's stdio mode takes, so a setting written for
/// that tool starts this host unchanged.
/// </summary>
public static class StdioFrontDoor
{
    public const string CommandName = "stdio";

    /// <summary>The front ends the real tool marks itself started by; only [vscode] changes anything.</summary>
    public const string VSCodeDirective = "vscode";

    private static readonly string[] OtherDirectives = ["jupyter", "vs", "synapse"];

    /// <summary>Declares the front-end directives on the root command, so "[vscode]" is not read as an argument.</summary>
    public static void AddDirectives(RootCommand root)
    {
        root.Directives.Add(new Directive(VSCodeDirective));
        foreach (var name in OtherDirectives)
        {
            root.Directives.Add(new Directive(name));
        }
    }

    public static Command CreateCommand(Directive? vscode = null)
    {
        var workingDir = new Option<DirectoryInfo>("--working-dir")
        {
            Description = "The folder cells run in (the extension passes the notebook's folder)",
            DefaultValueFactory = _ => new DirectoryInfo(Environment.CurrentDirectory),
        };
        var kernelHost = new Option<string?>("--kernel-host")
        {
            Description = "The name of this kernel host in kernel:// addresses (default: pid-PROCESSID, as the real tool)",
        };
        var defaultKernel = new Option<string>("--default-kernel")
        {
            Description = "Accepted for the real tool's command line; the only kernel here is csharp",
            DefaultValueFactory = _ => "csharp",
        };
        var httpPort = new Option<string?>("--http-port")
        {
            Description = "Accepted and ignored: this host serves no HTTP API (the extension does not use it)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var httpPortRange = new Option<string?>("--http-port-range")
        {
            Description = "Accepted and ignored, as --http-port",
        };
        var preview = new Option<bool>("--preview") { Description = "Accepted and ignored (the real tool's is unused too)" };
        var logPath = new Option<DirectoryInfo?>("--log-path") { Description = "Accepted and ignored: this host logs to stderr" };
        var verbose = new Option<bool>("--verbose") { Description = "Accepted and ignored" };

        var command = new Command(CommandName, "Serve the C# kernel to the Polyglot extension: .NET Interactive's command and event envelopes on stdin and stdout")
        {
            workingDir,
            kernelHost,
            defaultKernel,
            httpPort,
            httpPortRange,
            preview,
            logPath,
            verbose,
        };
        command.SetAction(async (parse, _) =>
        {
            var notes = new List<string>();
            var kernel = parse.GetValue(defaultKernel);
            if (kernel is not null && !StdioHost.CSharpNames.Contains(kernel, StringComparer.Ordinal))
            {
                notes.Add($"--default-kernel {kernel} ignored: this host serves only the csharp kernel");
            }
            if (parse.GetResult(httpPort) is { Implicit: false } || parse.GetResult(httpPortRange) is { Implicit: false })
            {
                notes.Add("--http-port/--http-port-range ignored: this host serves no HTTP API, only stdio");
            }
            if (parse.GetValue(logPath) is { } log)
            {
                notes.Add($"--log-path {log.FullName} ignored: this host logs to stderr");
            }
            var folder = parse.GetValue(workingDir)!;
            if (!folder.Exists)
            {
                await Console.Error.WriteLineAsync($"error: --working-dir {folder.FullName} does not exist");
                return 2;
            }
            var isVSCode = vscode is not null && parse.GetResult(vscode) is not null;
            return await StdioHost.ServeAsync(new StdioOptions(folder, parse.GetValue(kernelHost), isVSCode, notes));
        });
        return command;
    }
}

/// <param name="WorkingDirectory">Where the engine runs cells.</param>
/// <param name="KernelHostName">The host's name in kernel:// addresses; null for pid-PROCESSID.</param>
/// <param name="VSCode">Started with [vscode]: the extension's own kernels (input prompts, the webview's JavaScript) are connected.</param>
/// <param name="Notes">Options accepted but ignored, told on stderr at start.</param>
public sealed record StdioOptions(DirectoryInfo WorkingDirectory, string? KernelHostName, bool VSCode, IReadOnlyList<string> Notes);
