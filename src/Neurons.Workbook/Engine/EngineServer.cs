using System.Globalization;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Connection;

namespace Neurons.Workbook.Engine;

/// <summary>
/// The engine process: the kernel of <see cref="WorkbookKernel"/> served with .NET Interactive's
/// <see cref="KernelHost"/>, command and event envelopes over stdin and stdout, one per line. The
/// host's front doors start one per notebook (<see cref="EngineProcess"/>).
/// </summary>
public static class EngineServer
{
    public const string CommandName = "engine";

    public static async Task<int> ServeAsync(DirectoryInfo workingDirectory, string kernelHostName)
    {
        // Cells print numbers the same way on every machine: 1.5, not 1,5.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        Environment.CurrentDirectory = workingDirectory.FullName;
        // The first cell pays for compiling the C# compiler itself (Roslyn's code is jitted on first
        // use). A throwaway script compiled on another core while the kernel is built below takes
        // most of that off the first cell; it touches no kernel and leaves no state a cell can see.
        _ = Task.Run(WarmUpCompiler);

        // Only envelopes go to stdout: the protocol keeps the real stream, and anything else that
        // writes to the console outside a cell (the kernel captures a cell's own writes) goes to stderr.
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        // KernelHost sends each event without waiting for the last, from whichever thread raised it:
        // the writer must be synchronised (as Console.Out is) or envelopes interleave and the engine stalls.
        var protocol = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true, NewLine = "\n" });
        Console.SetOut(new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true });
        // A cell reading the console asks the host for each line (never the protocol's stdin).
        var console = new ConsoleInput(protocol);
        Console.SetIn(console);
        var input = new EndOfInputEndsProcess(new StreamReader(Console.OpenStandardInput(), utf8), console);

        using var kernel = WorkbookKernel.Create();
        var sender = KernelCommandAndEventSender.FromTextWriter(protocol, KernelHost.CreateHostUri("stdio"));
        var receiver = KernelCommandAndEventReceiver.FromTextReader(input);
        using var host = kernel.UseHost(sender, receiver, KernelHost.CreateHostUri(kernelHostName));
        kernel.UseQuitCommand(() =>
        {
            host.Dispose();
            Environment.Exit(0);
            return Task.CompletedTask;
        });
        await host.ConnectAndWaitAsync();
        return 0;
    }

    private static void WarmUpCompiler()
    {
        try
        {
            Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.EvaluateAsync<int>("var warm = new[] { 1, 2 }; warm.Length").GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"note: the compiler warm-up failed ({e.GetType().Name}: {e.Message}); the first cell compiles cold");
        }
    }
}

/// <summary>
/// The host closing the engine's stdin (or dying) ends the engine: an engine never outlives the
/// front door that started it.
/// </summary>
/// The receiver polls with a read that it cancels after a second without input; a cancelled read
/// of a stream loses what it had buffered, so the line read is never cancelled (as Console.In's).
/// The host's answers to a cell's console reads are taken out here, before the kernel host sees them.
internal sealed class EndOfInputEndsProcess(TextReader inner, ConsoleInput? console = null) : TextReader
{
    private Task<string?>? _pending;

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _pending ??= NextLineAsync();
            var line = await _pending.WaitAsync(cancellationToken);
            _pending = null;
            if (line is null || console is null || !line.StartsWith(ConsoleInputLines.ReplyPrefix, StringComparison.Ordinal))
            {
                return line ?? Exit();
            }
            console.Deliver(line[ConsoleInputLines.ReplyPrefix.Length..]);
        }
    }

    public override async Task<string?> ReadLineAsync() => await ReadLineAsync(CancellationToken.None);

    public override string? ReadLine() => ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private async Task<string?> NextLineAsync() => await inner.ReadLineAsync();

    private static string? Exit()
    {
        Environment.Exit(0);
        return null;
    }
}
