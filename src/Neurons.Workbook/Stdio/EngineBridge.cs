using System.Collections.Concurrent;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;
using Neurons.Workbook.Engine;

namespace Neurons.Workbook.Stdio;

/// <summary>
/// What the host's csharp <see cref="ProxyKernel"/> sends and receives: each command goes to the
/// supervised engine as a copy, and the engine's events come back as copies addressed to the
/// command the extension sent (its token, no engine addresses), so the extension matches them to
/// its cell. When the engine process ends or is replaced under a cell, the cell fails and says so.
/// </summary>
internal sealed class EngineBridge(SupervisedEngine engine, Uri engineCSharpUri) : IKernelCommandAndEventSender, IKernelCommandAndEventReceiver
{
    private readonly Subject<CommandOrEvent> _toHost = new();
    private readonly ConcurrentDictionary<string, Forwarded> _inflight = new(StringComparer.Ordinal);

    private sealed class Forwarded(KernelCommand command)
    {
        public KernelCommand Command { get; } = command;
        /// <summary>The host published the command's last event (it reached the extension).</summary>
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Uri RemoteHostUri { get; } = new(engineCSharpUri.GetLeftPart(UriPartial.Authority));

    public IDisposable Subscribe(IObserver<CommandOrEvent> observer) => _toHost.Subscribe(observer);

    public Task SendAsync(KernelEvent kernelEvent, CancellationToken cancellationToken) =>
        // The proxy only sends events when a remote asks it something; the engine never does.
        Task.CompletedTask;

    public Task SendAsync(KernelCommand command, CancellationToken cancellationToken)
    {
        var forwarded = new Forwarded(command);
        _inflight[command.GetOrCreateToken()] = forwarded;
        // The engine's side must not see this host's invocation context (it flows in AsyncLocals).
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = Task.Run(() => ForwardAsync(forwarded));
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => ForwardAsync(forwarded));
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Called with every event the host publishes: a command's last one ends its forwarding.</summary>
    public void Published(KernelEvent kernelEvent)
    {
        if (kernelEvent is not (CommandSucceeded or CommandFailed))
        {
            return;
        }
        var token = kernelEvent.Command.GetOrCreateToken();
        foreach (var (key, forwarded) in _inflight)
        {
            if ((key == token || key.StartsWith(token + ".", StringComparison.Ordinal)) && _inflight.TryRemove(key, out _))
            {
                forwarded.Finished.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Stops the engine's running cell: the engine is asked to cancel it, and replaced if it does not
    /// stop. Returns true once every cell that was running has failed with what became of it (the
    /// cancel is then answered: cancelling again in the kernel host would hit the next queued cell),
    /// false if no cell of the engine's was running.
    /// </summary>
    public async Task<bool> CancelAsync(TimeSpan grace)
    {
        var cells = _inflight.Values.Where(f => f.Command is SubmitCode).Select(f => f.Finished.Task).ToArray();
        await engine.InterruptAsync(grace);
        if (cells.Length == 0)
        {
            return false;
        }
        try
        {
            await Task.WhenAll(cells).WaitAsync(grace + grace);
            return true;
        }
        catch (TimeoutException)
        {
            return false; // the kernel host's own cancel fails whatever is still running
        }
    }

    private async Task ForwardAsync(Forwarded forwarded)
    {
        var command = forwarded.Command;
        var token = command.GetOrCreateToken();
        SupervisedReply reply;
        try
        {
            reply = await engine.SendAsync(Copy(command), System.Threading.Timeout.InfiniteTimeSpan, e => Deliver(command, e));
        }
        catch (Exception e) when (e is EngineStartException or ObjectDisposedException or InvalidOperationException)
        {
            Deliver(new CommandFailed(e, Copy(command), $"the workbook's engine could not run this: {e.Message}"));
            return;
        }
        var failed = reply.Events.OfType<CommandFailed>().LastOrDefault(f => f.Command.GetOrCreateToken() == token);
        var succeeded = reply.Events.OfType<CommandSucceeded>().Any(s => s.Command.GetOrCreateToken() == token);
        if (reply.Outcome == EngineOutcome.Completed && !reply.EngineReplaced && failed is null && succeeded)
        {
            Deliver(new CommandSucceeded(Copy(command)));
        }
        else
        {
            Deliver(new CommandFailed(failed?.Exception, Copy(command), FailureMessage(reply, failed)));
        }
    }

    private static string FailureMessage(SupervisedReply reply, CommandFailed? failed)
    {
        if (reply.EngineReplaced && reply.Interrupted)
        {
            return "Command cancelled. The cell did not stop (it never yields), so its engine process was replaced: " +
                   "every variable, #r and using is lost; run the notebook's cells again from the top.";
        }
        if (reply.Outcome != EngineOutcome.Completed || reply.EngineReplaced)
        {
            return reply.Detail ?? $"the engine did not answer ({reply.Outcome})";
        }
        return failed?.Message ?? "the engine's kernel answered neither success nor failure";
    }

    /// <summary>An engine event, re-addressed to the command the host received, delivered to the proxy.</summary>
    private void Deliver(KernelCommand command, KernelEvent engineEvent)
    {
        var token = command.GetOrCreateToken();
        var eventToken = engineEvent.Command.GetOrCreateToken();
        if (engineEvent is CommandSucceeded or CommandFailed && eventToken == token)
        {
            return; // the command's own end is delivered with the reply, which knows what became of the engine
        }
        if (engineEvent is KernelInfoProduced)
        {
            return; // describes the engine's kernel at an address the extension cannot reach
        }
        var json = KernelEventEnvelope.Serialize(engineEvent);
        var copy = eventToken == token
            ? KernelEventEnvelope.DeserializeWithCommand(json, Copy(command)).Event
            : KernelEventEnvelope.Deserialize(json).Event;
        copy.Command.OriginUri = null;
        copy.Command.DestinationUri = null;
        Deliver(copy);
    }

    private void Deliver(KernelEvent kernelEvent)
    {
        // Cells and language services are forwarded side by side; an observer takes one event at a time.
        lock (_toHost)
        {
            _toHost.OnNext(new CommandOrEvent(kernelEvent));
        }
    }

    /// <summary>
    /// The command as the engine should get it and as the extension sent it, by the library's own
    /// serialisation: same token and content, addressed to the csharp kernel by name, without the
    /// routing slip and kernel addresses this host and the engine's side add.
    /// </summary>
    private static KernelCommand Copy(KernelCommand command) =>
        // The proxy clears the target while it forwards (its own name); the extension sent it.
        Readdressed(command, command.TargetKernelName ?? WorkbookKernel.CSharpKernelName);

    /// <summary>A copy of the command for <paramref name="targetKernelName"/>, without routing slip or kernel addresses.</summary>
    public static KernelCommand Readdressed(KernelCommand command, string targetKernelName)
    {
        var type = command.GetType();
        var json = JsonSerializer.SerializeToNode(command, type, Serializer.JsonSerializerOptions)!.AsObject();
        json["targetKernelName"] = targetKernelName;
        json["originUri"] = null;
        json["destinationUri"] = null;
        var copy = (KernelCommand)json.Deserialize(type, Serializer.JsonSerializerOptions)!;
        copy.SetToken(command.GetOrCreateToken());
        return copy;
    }
}

/// <summary>
/// The host's receiver, in order, except that a Cancel first goes to <c>cancel</c>, which stops the
/// engine's cell and answers it (true) or leaves it to the kernel host (false); what follows a Cancel
/// waits for it.
/// </summary>
internal sealed class CancelFirstReceiver : IKernelCommandAndEventReceiver
{
    private readonly IObservable<CommandOrEvent> _ordered;

    public CancelFirstReceiver(IKernelCommandAndEventReceiver inner, Func<Cancel, Task<bool>> cancel)
    {
        _ordered = Observable.Create<CommandOrEvent>(observer =>
        {
            var queue = Channel.CreateUnbounded<CommandOrEvent>(new UnboundedChannelOptions { SingleReader = true });
            var subscription = inner.Subscribe(
                item => queue.Writer.TryWrite(item),
                error => queue.Writer.TryComplete(error),
                () => queue.Writer.TryComplete());
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var item in queue.Reader.ReadAllAsync())
                    {
                        if (item.Command is Cancel command && await AnsweredAsync(command))
                        {
                            continue;
                        }
                        observer.OnNext(item);
                    }
                    observer.OnCompleted();
                }
                catch (Exception e)
                {
                    observer.OnError(e);
                }
            });
            return new CompositeDisposable(subscription, Disposable.Create(() => queue.Writer.TryComplete()));
        }).Publish().RefCount();

        async Task<bool> AnsweredAsync(Cancel command)
        {
            try
            {
                return await cancel(command);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"error: cancelling the engine's cell failed: {e.Message}");
                return false;
            }
        }
    }

    public IDisposable Subscribe(IObserver<CommandOrEvent> observer) => _ordered.Subscribe(observer);
}
