using System.Reactive.Subjects;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Neurons.Workbook.Engine;

/// <summary>How a command sent through a <see cref="SupervisedEngine"/> ended.</summary>
/// <param name="Outcome">As <see cref="EngineProcess.SendAsync"/> reports it; Cancelled also for a cell stopped by <see cref="SupervisedEngine.InterruptAsync"/>.</param>
/// <param name="Events">The kernel's events for the command, in order.</param>
/// <param name="Detail">For anything but a completed command: what happened, for the reader (it says when the state was lost).</param>
/// <param name="Interrupted">An interrupt stopped the command (the kernel cancelled it, or its engine was replaced).</param>
/// <param name="EngineReplaced">The engine the command ran in is gone and a new one was started: every variable is lost.</param>
public sealed record SupervisedReply(EngineOutcome Outcome, IReadOnlyList<KernelEvent> Events, string? Detail, bool Interrupted, bool EngineReplaced)
{
    public bool Succeeded => Outcome == EngineOutcome.Completed && !Interrupted && Events.OfType<CommandSucceeded>().Any() && !Events.OfType<CommandFailed>().Any();
}

/// <summary>What an interrupt did.</summary>
public enum InterruptOutcome
{
    /// <summary>No command was running; the kernel was told to cancel anyway.</summary>
    NothingRunning,
    /// <summary>The kernel cancelled the running command; the engine and its state are kept.</summary>
    Cancelled,
    /// <summary>The command did not stop (a loop that never yields): its engine was killed and a new one started.</summary>
    EngineReplaced,
}

/// <summary>An engine was replaced: the old one ended, was killed, or was restarted on request.</summary>
/// <param name="Reason">Why, for the reader: "interrupted", "restart", or the engine's exit detail.</param>
public sealed record EngineReplacement(int OldProcessId, string Reason);

/// <summary>
/// An engine that outlives its engine processes: front doors (the Jupyter kernel, the stdio host)
/// send commands here; when a command's process ends, times out or has to be killed to interrupt
/// it, a new process is started in the same folder and the reply says the state was lost. One
/// command at a time is expected to run cells (the front doors serialise execution); language
/// service commands may be sent beside it.
/// </summary>
public sealed class SupervisedEngine : IAsyncDisposable
{
    private readonly TimeSpan? _startTimeout;
    private readonly Subject<KernelEvent> _events = new();
    private readonly object _gate = new();
    private Task<EngineProcess> _engine;
    private IDisposable? _forward;
    private Running? _running;
    private bool _disposed;

    private sealed class Running(KernelCommand command)
    {
        public KernelCommand Command { get; } = command;
        public CancellationTokenSource Kill { get; } = new();
        /// <summary>The engine answered the command (or ended, or was killed).</summary>
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        /// <summary>Set by an interrupt: true when the engine had to be replaced.</summary>
        public TaskCompletionSource<bool> Verdict { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public volatile bool Interrupted;
    }

    private SupervisedEngine(DirectoryInfo workingDirectory, TimeSpan? startTimeout, EngineProcess first)
    {
        WorkingDirectory = workingDirectory;
        _startTimeout = startTimeout;
        _engine = Task.FromResult(first);
        Forward(first);
    }

    /// <summary>The folder every engine process runs cells in.</summary>
    public DirectoryInfo WorkingDirectory { get; }

    /// <summary>Every event of every engine process, in order, across replacements.</summary>
    public IObservable<KernelEvent> KernelEvents => _events;

    /// <summary>Raised after an engine process was replaced (the new one may still be starting).</summary>
    public event Action<EngineReplacement>? Replaced;

    /// <summary>How many times the engine process was replaced.</summary>
    public int Generation { get; private set; }

    /// <summary>The current engine process, once it has started (null while a replacement starts or if it failed to).</summary>
    public EngineProcess? Current => _engine.IsCompletedSuccessfully ? _engine.Result : null;

    /// <summary>Starts the first engine process in <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="EngineStartException">It did not start; the message says why.</exception>
    public static async Task<SupervisedEngine> StartAsync(DirectoryInfo workingDirectory, TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var first = await EngineProcess.StartAsync(workingDirectory, startTimeout, cancellationToken);
        return new SupervisedEngine(workingDirectory, startTimeout, first);
    }

    /// <summary>Waits for the current engine process (a replacement may be starting).</summary>
    /// <exception cref="EngineStartException">The replacement did not start.</exception>
    public Task<EngineProcess> ReadyAsync() => _engine;

    /// <summary>
    /// Sends a command and waits for its end. If the engine process ends, the time limit passes, the
    /// caller cancels, or an interrupt has to kill it, a new process is started and the reply says so.
    /// </summary>
    public async Task<SupervisedReply> SendAsync(KernelCommand command, TimeSpan timeout, Action<KernelEvent>? onEvent = null, CancellationToken cancellationToken = default)
    {
        EngineProcess engine;
        try
        {
            engine = await WaitForEngineAsync(cancellationToken);
        }
        catch (EngineStartException e)
        {
            return new SupervisedReply(EngineOutcome.Exited, [], $"no engine to run in: {e.Message}", false, false);
        }
        var isCell = command is SubmitCode;
        var running = new Running(command);
        if (isCell)
        {
            lock (_gate)
            {
                _running = running;
            }
        }
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, running.Kill.Token);
            var reply = await engine.SendAsync(command, timeout, onEvent, linked.Token);
            running.Answered.TrySetResult();
            if (reply.Outcome == EngineOutcome.Completed && running.Interrupted && await running.Verdict.Task)
            {
                // The kernel let go of the cell, but its code is still running (a loop that never
                // yields keeps a core busy forever): the interrupt replaced the engine.
                return new SupervisedReply(EngineOutcome.Cancelled, reply.Events, InterruptedAndLost, true, true);
            }
            switch (reply.Outcome)
            {
                case EngineOutcome.Completed:
                    return new SupervisedReply(EngineOutcome.Completed, reply.Events, null, running.Interrupted, false);
                case EngineOutcome.Cancelled when running.Interrupted:
                    Replace(engine, "interrupted");
                    return new SupervisedReply(EngineOutcome.Cancelled, reply.Events, InterruptedAndLost, true, true);
                default:
                    var why = reply.Detail ?? reply.Outcome.ToString();
                    Replace(engine, why);
                    return new SupervisedReply(reply.Outcome, reply.Events,
                        $"{why}; a new engine process was started and the state was lost (every variable, #r and using): run the cells it needs again",
                        running.Interrupted, true);
            }
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_running, running))
                {
                    _running = null;
                }
            }
            running.Answered.TrySetResult();
            running.Kill.Dispose();
        }
    }

    private const string InterruptedAndLost =
        "interrupted: the cell did not stop when asked (it never yields), so its engine process was replaced and the state was lost (every variable, #r and using): run the cells it needs again";

    /// <summary>
    /// Stops the running cell. The kernel is asked to cancel it, which answers the cell at once and
    /// frees the kernel if the cell was awaiting (a delay, a download). A cell whose code still holds
    /// the kernel (a loop that never yields, a blocking sleep: no .NET process can stop a thread)
    /// shows as a probe the kernel does not answer within <paramref name="grace"/>: then its engine
    /// process is killed and a new one started, and the cell's reply says the state was lost.
    /// Returns once the verdict is known.
    /// </summary>
    public async Task<InterruptOutcome> InterruptAsync(TimeSpan grace)
    {
        Running? running;
        lock (_gate)
        {
            running = _running;
            running?.Interrupted = true;
        }
        var replaced = false;
        try
        {
            if (Current is not { HasExited: false } engine)
            {
                return InterruptOutcome.NothingRunning;
            }
            var cancel = engine.SendAsync(new Cancel(), grace + TimeSpan.FromSeconds(5));
            if (running is null)
            {
                await cancel;
                return InterruptOutcome.NothingRunning;
            }
            var answered = await Task.WhenAny(running.Answered.Task, Task.Delay(grace)) == running.Answered.Task;
            if (!answered)
            {
                try
                {
                    running.Kill.Cancel();
                    replaced = true;
                    await running.Answered.Task;
                    return InterruptOutcome.EngineReplaced;
                }
                catch (ObjectDisposedException)
                {
                    // it was answered just now: probe as below
                }
            }
            replaced = !await AnswersAsync(engine, grace);
            if (replaced)
            {
                Replace(engine, "interrupted");
                return InterruptOutcome.EngineReplaced;
            }
            return InterruptOutcome.Cancelled;
        }
        finally
        {
            running?.Verdict.TrySetResult(replaced);
        }
    }

    /// <summary>
    /// Whether the kernel runs a command again: an empty submission, which waits behind any code of
    /// the cancelled cell that still holds the kernel's thread.
    /// </summary>
    private static async Task<bool> AnswersAsync(EngineProcess engine, TimeSpan grace)
    {
        var probe = engine.SendAsync(new SubmitCode("", WorkbookKernel.CSharpKernelName), System.Threading.Timeout.InfiniteTimeSpan);
        return await Task.WhenAny(probe, Task.Delay(grace)) == probe && probe.Result.Outcome == EngineOutcome.Completed;
    }

    /// <summary>Replaces the engine process with a new one (every variable is lost) and waits for it.</summary>
    /// <exception cref="EngineStartException">The new one did not start.</exception>
    public async Task RestartAsync()
    {
        var engine = await WaitForEngineQuietlyAsync();
        if (engine is not null)
        {
            Replace(engine, "restart");
        }
        else
        {
            lock (_gate)
            {
                _engine = StartReplacementAsync(null);
            }
        }
        await _engine;
    }

    private async Task<EngineProcess> WaitForEngineAsync(CancellationToken cancellationToken)
    {
        Task<EngineProcess> current;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _engine;
            if (current.IsFaulted)
            {
                // The last replacement failed to start: try again for this command.
                current = _engine = StartReplacementAsync(null);
            }
        }
        var engine = await current.WaitAsync(cancellationToken);
        if (engine.HasExited)
        {
            // It ended between commands (killed from outside, or its own crash after a reply).
            Replace(engine, "the engine process had ended");
            engine = await _engine.WaitAsync(cancellationToken);
        }
        return engine;
    }

    private async Task<EngineProcess?> WaitForEngineQuietlyAsync()
    {
        try
        {
            return await _engine;
        }
        catch (EngineStartException)
        {
            return null;
        }
    }

    /// <summary>Replaces <paramref name="old"/> if it is still the current engine; a second caller for the same one does nothing.</summary>
    private void Replace(EngineProcess old, string reason)
    {
        // Read before the replacement starts: it disposes an engine that already ended at once.
        var oldProcessId = old.ProcessId;
        lock (_gate)
        {
            if (_disposed || !_engine.IsCompletedSuccessfully || !ReferenceEquals(_engine.Result, old))
            {
                return;
            }
            Generation++;
            _forward?.Dispose();
            _forward = null;
            _engine = StartReplacementAsync(old);
        }
        Replaced?.Invoke(new EngineReplacement(oldProcessId, reason));
    }

    private async Task<EngineProcess> StartReplacementAsync(EngineProcess? old)
    {
        if (old is not null)
        {
            // A replaced engine may be spinning: kill it rather than ask it to stop.
            KillTree(old.ProcessId);
            await old.DisposeAsync();
        }
        var engine = await EngineProcess.StartAsync(WorkingDirectory, _startTimeout);
        lock (_gate)
        {
            if (_disposed)
            {
                _ = engine.DisposeAsync().AsTask();
                throw new ObjectDisposedException(nameof(SupervisedEngine));
            }
            Forward(engine);
        }
        return engine;
    }

    private static void KillTree(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    /// <summary>Where cells' console reads get their lines, in every engine process (<see cref="EngineProcess.ConsoleInput"/>).</summary>
    public Func<CancellationToken, Task<string?>>? ConsoleInput { get; set; }

    private void Forward(EngineProcess engine)
    {
        engine.ConsoleInput = cancel => ConsoleInput is { } source ? source(cancel) : Task.FromResult<string?>(null);
        _forward = engine.KernelEvents.Subscribe(e => _events.OnNext(e));
    }

    public async ValueTask DisposeAsync()
    {
        Task<EngineProcess> last;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _forward?.Dispose();
            last = _engine;
        }
        try
        {
            var engine = await last;
            await engine.DisposeAsync();
        }
        catch (Exception e) when (e is EngineStartException or ObjectDisposedException)
        {
            // nothing to stop
        }
        _events.OnCompleted();
        _events.Dispose();
    }
}
