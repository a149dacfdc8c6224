using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;
using Neurons.Workbook.Engine;

namespace Neurons.Workbook.Stdio;

/// <summary>
/// The stdio front door: a .NET Interactive <see cref="KernelHost"/> on stdin and stdout, as the
/// Polyglot extension expects of its kernel, whose <c>csharp</c> kernel forwards every command to
/// the workbook's engine in a child process (<see cref="SupervisedEngine"/>). The engine does the
/// work; this process routes, so a cell that hangs its engine can be cut off and the engine replaced
/// while the extension's connection stays up.
/// </summary>
public static class StdioHost
{
    public static readonly string[] CSharpNames = [WorkbookKernel.CSharpKernelName, "c#", "C#"];

    /// <summary>How long a cancelled cell has to stop before its engine is replaced.</summary>
    public static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

    public static async Task<int> ServeAsync(StdioOptions options)
    {
        Environment.CurrentDirectory = options.WorkingDirectory.FullName;

        // Only envelopes go to stdout. Anything else that writes to the console goes to stderr,
        // which the extension shows in its diagnostics channel.
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        // KernelHost writes events from whichever thread raised them: the writer must be synchronised.
        var protocol = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true, NewLine = "\n" });
        var diagnostics = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        Console.SetOut(diagnostics);
        foreach (var note in options.Notes)
        {
            await diagnostics.WriteLineAsync($"note: {note}");
        }

        SupervisedEngine engine;
        try
        {
            engine = await SupervisedEngine.StartAsync(options.WorkingDirectory);
        }
        catch (EngineStartException e)
        {
            await diagnostics.WriteLineAsync($"error: the workbook's engine did not start in {options.WorkingDirectory.FullName}: {e.Message}");
            return 1;
        }
        engine.Replaced += replacement => diagnostics.WriteLine(
            $"note: engine process {replacement.OldProcessId} was replaced ({replacement.Reason})");

        var first = await engine.ReadyAsync();
        await diagnostics.WriteLineAsync($"note: engine process {first.ProcessId} runs the cells in {options.WorkingDirectory.FullName}");
        var engineCSharp = first.KernelInfos.First(k => k.LocalName == WorkbookKernel.CSharpKernelName);
        var bridge = new EngineBridge(engine, engineCSharp.Uri);

        using var root = new CompositeKernel();
        var csharp = CreateCSharpKernel(bridge, engineCSharp);
        root.Add(csharp, CSharpNames[1..]);
        root.DefaultKernelName = WorkbookKernel.CSharpKernelName;
        using var published = root.KernelEvents.Subscribe(bridge.Published);

        var hostUri = options.KernelHostName is { Length: > 0 } name ? KernelHost.CreateHostUri(name) : KernelHost.CreateHostUriForCurrentProcessId();
        var input = new EndOfInputEndsProcess(new StreamReader(Console.OpenStandardInput(), utf8));
        var sender = KernelCommandAndEventSender.FromTextWriter(protocol, KernelHost.CreateHostUri("stdio"));
        // A cancel stops the engine's cell before anything after it is read, so the cell fails with what
        // became of its engine; the cancel is then answered here, as the kernel host answers it. (Passed
        // on, the kernel host would cancel whatever it started next: the following cell.)
        var receiver = new CancelFirstReceiver(KernelCommandAndEventReceiver.FromTextReader(input), async cancel =>
        {
            if (!await bridge.CancelAsync(CancelGrace))
            {
                return false;
            }
            await sender.SendAsync(new CommandSucceeded(EngineBridge.Readdressed(cancel, root.Name)), CancellationToken.None);
            return true;
        });
        using var host = root.UseHost(sender, receiver, hostUri);
        root.UseQuitCommand(() =>
        {
            host.Dispose();
            Environment.Exit(0);
            return Task.CompletedTask;
        });
        if (options.VSCode)
        {
            await ConnectFrontEndKernelsAsync(root);
        }
        await host.ConnectAndWaitAsync();
        await engine.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// The host's csharp kernel: a .NET Interactive <see cref="ProxyKernel"/> (so a cell reaches the
    /// engine as written, magics and #r included, and the engine parses it) over the bridge, announced
    /// in kernel-ready as this host's own kernel, with the engine's language and commands.
    /// </summary>
    private static ProxyKernel CreateCSharpKernel(EngineBridge bridge, KernelInfo engineCSharp)
    {
        var csharp = new ProxyKernel(WorkbookKernel.CSharpKernelName, bridge, bridge, engineCSharp.Uri);
        // KernelHost leaves proxies out of kernel-ready; for the extension this is the notebook's C#
        // kernel, at this host's address, however it runs its cells.
        csharp.KernelInfo.IsProxy = false;
        csharp.KernelInfo.LanguageName = engineCSharp.LanguageName;
        csharp.KernelInfo.LanguageVersion = engineCSharp.LanguageVersion;
        csharp.KernelInfo.DisplayName = engineCSharp.DisplayName;
        csharp.KernelInfo.Description = engineCSharp.Description;
        foreach (var command in engineCSharp.SupportedKernelCommands)
        {
            if (!csharp.KernelInfo.SupportedKernelCommands.Any(c => c.Name == command.Name))
            {
                csharp.KernelInfo.SupportedKernelCommands.Add(command);
            }
        }
        // Asked for its info, the kernel describes itself here rather than the engine's kernel, whose
        // address the extension cannot reach.
        csharp.RegisterCommandHandler<RequestKernelInfo>((command, context) =>
        {
            context.Publish(new KernelInfoProduced(csharp.KernelInfo, command));
            return Task.CompletedTask;
        });
        return csharp;
    }

    /// <summary>
    /// Under [vscode] the real tool connects the extension's own kernels: the one that asks the
    /// reader for input and the notebook webview's JavaScript. Commands for them go back to the
    /// extension over stdout.
    /// </summary>
    private static async Task ConnectFrontEndKernelsAsync(CompositeKernel root)
    {
        var vscode = await root.Host!.ConnectProxyKernelOnDefaultConnectorAsync("vscode", new Uri("kernel://vscode"), ["frontend"]);
        vscode.KernelSpecifierDirective.Hidden = true;
        foreach (var type in new[] { typeof(RequestInput), typeof(RequestInputs), typeof(SendEditableCode) })
        {
            vscode.KernelInfo.SupportedKernelCommands.Add(new KernelCommandInfo(type.Name));
            root.SetDefaultTargetKernelNameForCommand(type, vscode.Name);
        }
        var javascript = await root.Host.ConnectProxyKernelOnDefaultConnectorAsync("javascript", new Uri("kernel://webview/javascript"), ["js"]);
        foreach (var type in new[] { typeof(SubmitCode), typeof(RequestValue), typeof(RequestValueInfos), typeof(SendValue) })
        {
            javascript.KernelInfo.SupportedKernelCommands.Add(new KernelCommandInfo(type.Name));
        }
        javascript.UseValueSharing();
    }
}
