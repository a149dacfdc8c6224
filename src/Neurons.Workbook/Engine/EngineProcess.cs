using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;

namespace Neurons.Workbook.Engine;

/// <summary>How a command sent to an engine ended.</summary>
public enum EngineOutcome
{
    /// <summary>The kernel answered: CommandSucceeded or CommandFailed is among the events.</summary>
    Completed,
    /// <summary>The engine process ended before the kernel answered (a crash, Environment.Exit, a stack overflow).</summary>
    Exited,
    /// <summary>The time limit passed; the engine was stopped.</summary>
    TimedOut,
    /// <summary>The caller cancelled; the engine was stopped.</summary>
    Cancelled,
}

/// <param name="Events">The events the kernel sent for the command, in order, until it ended.</param>
/// <param name="Detail">For an engine that ended or was stopped: what happened, for the reader.</param>
public sealed record EngineReply(EngineOutcome Outcome, IReadOnlyList<KernelEvent> Events, string? Detail)
{
    public bool Succeeded => Outcome == EngineOutcome.Completed && Events.OfType<CommandSucceeded>().Any() && !Events.OfType<CommandFailed>().Any();
}

/// <summary>
/// One engine: a child process running <see cref="EngineServer"/> in a notebook's folder, driven
/// through a .NET Interactive <see cref="ProxyKernel"/> over its stdin and stdout. A command whose
/// cell ends, crashes or hangs the engine is answered with that outcome, never with a hang; a stuck
/// engine is killed and the front door may start another.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private static readonly Uri HostUri = KernelHost.CreateHostUri("workbook-engine");

    private readonly Process _process;
    private readonly ProxyKernel _proxy;
    private readonly StringBuilder _stderr;
    private readonly TaskCompletionSource _exited;
    private readonly Subject<string> _lines;
    private readonly TextWriter _protocol;
    private readonly CancellationTokenSource _disposing = new();

    private EngineProcess(Process process, ProxyKernel proxy, Subject<string> lines, TextWriter protocol, StringBuilder stderr, TaskCompletionSource exited, KernelInfo[] kernelInfos, TimeSpan startTime)
    {
        _protocol = protocol;
        _stderr = stderr;
        _exited = exited;
        _process = process;
        _proxy = proxy;
        _lines = lines;
        KernelInfos = kernelInfos;
        StartTime = startTime;
    }

    /// <summary>The kernels the engine announced in its KernelReady event.</summary>
    public IReadOnlyList<KernelInfo> KernelInfos { get; }

    /// <summary>From starting the process to the kernel's KernelReady event.</summary>
    public TimeSpan StartTime { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every event the engine sends, as it arrives (for front doors that stream them).</summary>
    public IObservable<KernelEvent> KernelEvents => _proxy.KernelEvents;

    /// <summary>
    /// Where a cell's console reads get their lines (<see cref="ConsoleInput"/>): called once per line
    /// the cell reads, with a token that ends when the engine does; null means the end of input.
    /// Unset, every read gets the end of input, as a program run with its stdin closed.
    /// </summary>
    public Func<CancellationToken, Task<string?>>? ConsoleInput { get; set; }

    private async Task AnswerConsoleReadAsync(string payload)
    {
        if (ConsoleInputLines.Parse(payload) is not var (id, _))
        {
            return;
        }
        string? line = null;
        try
        {
            if (ConsoleInput is { } source)
            {
                line = await source(_disposing.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        try
        {
            _protocol.WriteLine(ConsoleInputLines.Reply(id, line));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the engine is gone; its cell's failure says so
        }
    }

    /// <summary>The last lines the engine wrote to stderr (the runtime's message when it crashes).</summary>
    public string StandardErrorTail
    {
        get
        {
            lock (_stderr)
            {
                var text = _stderr.ToString().TrimEnd();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    /// <summary>The command line that starts an engine: this assembly, run by the dotnet host that runs us.</summary>
    public static IReadOnlyList<string> EngineCommandLine(DirectoryInfo workingDirectory)
    {
        var dll = typeof(EngineProcess).Assembly.Location;
        return [DotnetHost(), dll, EngineServer.CommandName, "--working-dir", workingDirectory.FullName, "--kernel-host", HostUri.Authority];
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is { Length: > 0 } && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        // The runtime this process runs on lives in DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION.
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var candidate = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    /// <summary>Starts an engine in <paramref name="workingDirectory"/> and waits for its kernel to be ready.</summary>
    /// <exception cref="EngineStartException">The engine did not start; the message says why.</exception>
    /// <param name="heapLimitBytes">
    /// The most the engine's managed heap may hold; by default three quarters of the machine's memory,
    /// so a cell that allocates without end fails with OutOfMemoryException in that cell, instead of
    /// the system's OOM killer ending a process of its choosing.
    /// </param>
    public static async Task<EngineProcess> StartAsync(DirectoryInfo workingDirectory, TimeSpan? timeout = null, CancellationToken cancellationToken = default, long? heapLimitBytes = null)
    {
        var watch = Stopwatch.StartNew();
        var commandLine = EngineCommandLine(workingDirectory);
        var start = new ProcessStartInfo
        {
            FileName = commandLine[0],
            WorkingDirectory = workingDirectory.FullName,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        if (heapLimitBytes is long heapLimit)
        {
            start.Environment.Remove("DOTNET_GCHeapHardLimitPercent");
            start.Environment["DOTNET_GCHeapHardLimit"] = heapLimit.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (!start.Environment.ContainsKey("DOTNET_GCHeapHardLimit") && !start.Environment.ContainsKey("DOTNET_GCHeapHardLimitPercent"))
        {
            start.Environment["DOTNET_GCHeapHardLimitPercent"] = "4B"; // hexadecimal: 75 %
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var lines = new Subject<string>();
        EngineProcess? self = null;
        var stderr = new StringBuilder();
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            if (e.Data.StartsWith(ConsoleInputLines.RequestPrefix, StringComparison.Ordinal))
            {
                // Only a cell reads the console, and no cell runs before the engine object exists.
                var payload = e.Data[ConsoleInputLines.RequestPrefix.Length..];
                if (Volatile.Read(ref self) is { } engine)
                {
                    _ = Task.Run(() => engine.AnswerConsoleReadAsync(payload));
                }
            }
            else if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lines.OnNext(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Append(e.Data).Append('\n');
                    if (stderr.Length > 64_000)
                    {
                        stderr.Remove(0, stderr.Length - 32_000);
                    }
                }
            }
        };
        process.Exited += (_, _) => exited.TrySetResult();

        var receiver = KernelCommandAndEventReceiver.FromObservable(lines);
        var ready = new TaskCompletionSource<KernelReady>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var readySubscription = receiver.Select(c => c.Event).OfType<KernelReady>().Take(1).Subscribe(e => ready.TrySetResult(e));
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new EngineStartException($"could not start the engine ({string.Join(' ', commandLine)}): {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var writer = process.StandardInput;
        writer.AutoFlush = true;
        writer.NewLine = "\n";
        var protocol = TextWriter.Synchronized(writer);
        var sender = KernelCommandAndEventSender.FromTextWriter(protocol, HostUri);

        var limit = Task.Delay(timeout ?? TimeSpan.FromSeconds(60), cancellationToken);
        var first = await Task.WhenAny(ready.Task, exited.Task, limit);
        if (first != ready.Task)
        {
            Kill(process);
            string tail;
            lock (stderr)
            {
                tail = stderr.ToString().Trim();
            }
            cancellationToken.ThrowIfCancellationRequested();
            throw new EngineStartException(first == exited.Task
                ? $"the engine ended with exit code {process.ExitCode} before its kernel was ready{(tail.Length > 0 ? ": " + tail : "")}"
                : $"the engine's kernel was not ready after {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s{(tail.Length > 0 ? ": " + tail : "")}");
        }
        var kernelReady = await ready.Task;
        // The proxy stands for the engine's C# kernel, and supports what it announced it supports.
        var csharpInfo = kernelReady.KernelInfos.FirstOrDefault(k => k.LocalName == WorkbookKernel.CSharpKernelName);
        if (csharpInfo is null)
        {
            Kill(process);
            throw new EngineStartException($"the engine announced no {WorkbookKernel.CSharpKernelName} kernel, only: {string.Join(", ", kernelReady.KernelInfos.Select(k => k.LocalName))}");
        }
        var proxy = new ProxyKernel(WorkbookKernel.CSharpKernelName, sender, receiver, csharpInfo.Uri);
        proxy.UpdateKernelInfo(csharpInfo);
        // The stderr buffer and the exit signal made before the kernel was ready are the engine's.
        var engine = new EngineProcess(process, proxy, lines, protocol, stderr, exited, kernelReady.KernelInfos.ToArray(), watch.Elapsed);
        Volatile.Write(ref self, engine);
        return engine;
    }

    /// <summary>
    /// Sends a command and waits until the kernel answers it, the engine ends, the time limit passes
    /// or the caller cancels; in the last two cases the engine is killed.
    /// </summary>
    /// <param name="onEvent">Called with each event of this command as it arrives.</param>
    public async Task<EngineReply> SendAsync(KernelCommand command, TimeSpan timeout, Action<KernelEvent>? onEvent = null, CancellationToken cancellationToken = default)
    {
        if (_process.HasExited)
        {
            return new EngineReply(EngineOutcome.Exited, [], ExitDetail());
        }
        var events = new List<KernelEvent>();
        var token = command.GetOrCreateToken();
        using var subscription = _proxy.KernelEvents.Subscribe(e =>
        {
            var eventToken = e.Command.GetOrCreateToken();
            if (eventToken == token || eventToken.StartsWith(token + ".", StringComparison.Ordinal))
            {
                lock (events)
                {
                    events.Add(e);
                }
                onEvent?.Invoke(e);
            }
        });
        var send = _proxy.SendAsync(command, CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stopped = Task.Delay(System.Threading.Timeout.Infinite, limit.Token);
        var first = await Task.WhenAny(send, _exited.Task, stopped);
        if (first == send && send.IsCompletedSuccessfully)
        {
            var result = send.Result;
            lock (events)
            {
                // The result holds every event of the command; the live list may lack the last ones.
                return new EngineReply(EngineOutcome.Completed, result.Events.ToList(), null);
            }
        }
        if (first == _exited.Task || _process.HasExited)
        {
            // Give the last events (a crash's message) a moment to arrive.
            await Task.Delay(100, CancellationToken.None);
            lock (events)
            {
                return new EngineReply(EngineOutcome.Exited, events.ToList(), ExitDetail());
            }
        }
        Kill(_process);
        lock (events)
        {
            return cancellationToken.IsCancellationRequested
                ? new EngineReply(EngineOutcome.Cancelled, events.ToList(), "cancelled; the engine was stopped")
                : new EngineReply(EngineOutcome.TimedOut, events.ToList(), $"no answer after {timeout.TotalSeconds:0.###} s; the engine was stopped");
        }
    }

    private string ExitDetail()
    {
        var code = _process.HasExited ? _process.ExitCode : (int?)null;
        var tail = StandardErrorTail;
        var last = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3);
        var why = string.Join(" / ", last);
        return $"the engine process ended{(code is int c ? $" with exit code {c}" : "")} while the cell ran; its state is lost{(why.Length > 0 ? ": " + why : "")}";
    }

    /// <summary>Asks the kernel to cancel what it is running (cells that wait or check cancellation stop).</summary>
    public Task<EngineReply> CancelAsync(TimeSpan timeout) => SendAsync(new Cancel(), timeout);

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposing.Cancel();
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
            catch (InvalidOperationException)
            {
            }
            var ended = await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(2)));
            if (ended != _exited.Task)
            {
                Kill(_process);
            }
        }
        _proxy.Dispose();
        _lines.OnCompleted();
        _process.Dispose();
    }
}

public sealed class EngineStartException(string message) : Exception(message);
