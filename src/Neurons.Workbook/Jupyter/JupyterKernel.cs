using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using NetMQ;
using NetMQ.Sockets;
using Neurons.Workbook.Engine;
using Neurons.Workbook.Running;

namespace Neurons.Workbook.Jupyter;

/// <summary>
/// The workbook's engine behind the Jupyter messaging protocol 5.3, for VS Code's Jupyter
/// extension, JupyterLab, nbclient and any Jupyter client: requests on the shell and control
/// sockets become kernel commands to a <see cref="SupervisedEngine"/>, its events become iopub
/// messages (outputs mapped by <see cref="KernelOutputs"/>, as dotnet-interactive's own Jupyter
/// front maps them). ZeroMQ through NetMQ; Microsoft.Jupyter.Core is archived and built on
/// 2019-era dependencies, and .NET Interactive's own Jupyter front is not served.
/// </summary>
public sealed class JupyterKernel : IAsyncDisposable
{
    public const string Implementation = "neurons-workbook";

    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(0.8);
    private static readonly TimeSpan LanguageServiceTimeout = TimeSpan.FromSeconds(60);

    private readonly ConnectionInfo _connection;
    private readonly MessageSigner _signer;
    private readonly TextWriter _log;
    private readonly string _session = Guid.NewGuid().ToString();
    private readonly RouterSocket _shell = new();
    private readonly RouterSocket _control = new();
    private readonly RouterSocket _stdin = new();
    private readonly PublisherSocket _iopub = new();
    private readonly ResponseSocket _heartbeat = new();
    private readonly NetMQQueue<Action> _outgoing = new();
    private readonly NetMQPoller _poller;
    private readonly Channel<JupyterMessage> _shellQueue = Channel.CreateUnbounded<JupyterMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<bool> _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>The cell's console read waiting for its input_reply (a cell reads one line at a time).</summary>
    private TaskCompletionSource<string>? _input;
    private readonly Task<SupervisedEngine> _engine;
    private int _executionCount;

    private JupyterKernel(ConnectionInfo connection, DirectoryInfo workingDirectory, TextWriter log)
    {
        _connection = connection;
        _signer = new MessageSigner(connection.SignatureScheme, connection.Key);
        _log = log;
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat })
        {
            socket.Options.Linger = TimeSpan.FromSeconds(1);
        }
        _shell.Bind(connection.Address(connection.ShellPort));
        _control.Bind(connection.Address(connection.ControlPort));
        _stdin.Bind(connection.Address(connection.StdinPort));
        _iopub.Bind(connection.Address(connection.IopubPort));
        _heartbeat.Bind(connection.Address(connection.HeartbeatPort));
        _shell.ReceiveReady += (_, e) => Receive(e.Socket, "shell", m => _shellQueue.Writer.TryWrite(m));
        _control.ReceiveReady += (_, e) => Receive(e.Socket, "control", m => _ = Task.Run(() => HandleControlAsync(m)));
        _stdin.ReceiveReady += (_, e) => Receive(e.Socket, "stdin", OnStdin);
        _heartbeat.ReceiveReady += (_, e) =>
        {
            NetMQMessage? ping = null;
            while (e.Socket.TryReceiveMultipartMessage(ref ping))
            {
                e.Socket.SendMultipartMessage(ping);
                ping = null;
            }
        };
        _outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var send, TimeSpan.Zero))
            {
                send();
            }
        };
        _poller = [_shell, _control, _stdin, _heartbeat, _outgoing];
        // The engine starts while the front end connects: kernel_info is answered at once.
        _engine = SupervisedEngine.StartAsync(workingDirectory);
    }

    /// <summary>Serves the connection until a shutdown_request; the exit code for the process.</summary>
    public static async Task<int> ServeAsync(string connectionFile, TextWriter log)
    {
        ConnectionInfo connection;
        try
        {
            connection = ConnectionInfo.Read(connectionFile);
        }
        catch (ConnectionFileException e)
        {
            log.WriteLine($"error: {e.Message}");
            return 2;
        }
        await using var kernel = new JupyterKernel(connection, new DirectoryInfo(Environment.CurrentDirectory), log);
        kernel._poller.RunAsync("jupyter-sockets");
        var work = Task.Run(kernel.ProcessShellAsync);
        using var orphan = WatchParent(kernel._shutdown, log);
        await kernel._shutdown.Task;
        kernel._shellQueue.Writer.TryComplete();
        return 0;
    }

    /// <summary>
    /// Jupyter names the process that started the kernel in JPY_PARENT_PID; when that process is gone
    /// (killed without a shutdown_request) the kernel ends too, so no kernel or engine is left behind.
    /// </summary>
    private static Timer? WatchParent(TaskCompletionSource<bool> shutdown, TextWriter log)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out var parent) || parent <= 1)
        {
            return null;
        }
        return new Timer(_ =>
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(parent);
                if (!process.HasExited)
                {
                    return;
                }
            }
            catch (ArgumentException)
            {
            }
            log.WriteLine($"info: the process that started this kernel ({parent}) is gone; shutting down");
            shutdown.TrySetResult(false);
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private void Receive(NetMQSocket socket, string channel, Action<JupyterMessage> handle)
    {
        NetMQMessage? frames = null;
        while (socket.TryReceiveMultipartMessage(ref frames))
        {
            if (JupyterMessage.TryParse(frames, _signer, out var message, out var problem))
            {
                handle(message!);
            }
            else
            {
                _log.WriteLine($"warning: dropped a message on the {channel} socket: {problem}");
            }
            frames = null;
        }
    }

    private void Send(NetMQSocket socket, JupyterMessage message)
    {
        var frames = message.ToFrames(_signer);
        _outgoing.Enqueue(() => socket.SendMultipartMessage(frames));
    }

    /// <summary>Waits until everything enqueued so far has been handed to its socket.</summary>
    private Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _outgoing.Enqueue(() => done.TrySetResult());
        return done.Task;
    }

    private void Reply(NetMQSocket socket, JupyterMessage request, string type, JsonObject content) =>
        Send(socket, JupyterMessage.Create(type, content, request, _session));

    private void Publish(JupyterMessage parent, string type, JsonObject content)
    {
        var message = JupyterMessage.Create(type, content, parent, _session, [System.Text.Encoding.UTF8.GetBytes($"kernel.{_session}.{type}")]);
        Send(_iopub, message);
    }

    private void Status(JupyterMessage parent, string state) => Publish(parent, "status", new JsonObject { ["execution_state"] = state });

    private async Task ProcessShellAsync()
    {
        var pending = new Queue<JupyterMessage>();
        while (true)
        {
            JupyterMessage request;
            if (pending.Count > 0)
            {
                request = pending.Dequeue();
            }
            else
            {
                try
                {
                    request = await _shellQueue.Reader.ReadAsync();
                }
                catch (ChannelClosedException)
                {
                    return;
                }
            }
            Status(request, "busy");
            var failed = false;
            try
            {
                failed = await HandleShellAsync(request);
            }
            catch (Exception e)
            {
                _log.WriteLine($"error: the {request.MessageType} {request.MessageId} failed: {e}");
            }
            Status(request, "idle");
            if (failed && request.MessageType == "execute_request" && (request.Content["stop_on_error"]?.GetValue<bool>() ?? true))
            {
                // As ipykernel: the cells queued behind a failed one are not run.
                while (_shellQueue.Reader.TryRead(out var queued))
                {
                    pending.Enqueue(queued);
                }
                foreach (var queued in pending.Where(q => q.MessageType == "execute_request").ToList())
                {
                    Status(queued, "busy");
                    Reply(_shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = _executionCount });
                    Status(queued, "idle");
                }
                pending = new Queue<JupyterMessage>(pending.Where(q => q.MessageType != "execute_request"));
            }
        }
    }

    /// <returns>For an execute_request: whether the cell failed.</returns>
    private async Task<bool> HandleShellAsync(JupyterMessage request)
    {
        switch (request.MessageType)
        {
            case "kernel_info_request":
                Reply(_shell, request, "kernel_info_reply", KernelInfo());
                return false;
            case "execute_request":
                return await ExecuteAsync(request);
            case "complete_request":
                Reply(_shell, request, "complete_reply", await CompleteAsync(request.Content));
                return false;
            case "inspect_request":
                Reply(_shell, request, "inspect_reply", await InspectAsync(request.Content));
                return false;
            case "is_complete_request":
                Reply(_shell, request, "is_complete_reply", IsComplete(request.Content["code"]?.GetValue<string>() ?? ""));
                return false;
            case "comm_info_request":
                Reply(_shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                return false;
            case "history_request":
                Reply(_shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                return false;
            case "shutdown_request":
                await ShutdownAsync(_shell, request);
                return false;
            default:
                _log.WriteLine($"warning: no handler for the shell message type \"{request.MessageType}\"; ignored");
                return false;
        }
    }

    private async Task HandleControlAsync(JupyterMessage request)
    {
        try
        {
            switch (request.MessageType)
            {
                case "interrupt_request":
                    Status(request, "busy");
                    var engine = _engine.IsCompletedSuccessfully ? _engine.Result : null;
                    var outcome = engine is null ? InterruptOutcome.NothingRunning : await engine.InterruptAsync(InterruptGrace);
                    _log.WriteLine($"info: interrupt: {outcome}");
                    Reply(_control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                    Status(request, "idle");
                    break;
                case "shutdown_request":
                    await ShutdownAsync(_control, request);
                    break;
                case "kernel_info_request":
                    Status(request, "busy");
                    Reply(_control, request, "kernel_info_reply", KernelInfo());
                    Status(request, "idle");
                    break;
                default:
                    _log.WriteLine($"warning: no handler for the control message type \"{request.MessageType}\"; ignored");
                    break;
            }
        }
        catch (Exception e)
        {
            _log.WriteLine($"error: the control {request.MessageType} {request.MessageId} failed: {e}");
        }
    }

    private async Task ShutdownAsync(NetMQSocket socket, JupyterMessage request)
    {
        var restart = request.Content["restart"]?.GetValue<bool>() ?? false;
        // Reply first (the front end waits for it), then stop the engine and end the process;
        // on a restart the front end starts a new kernel process.
        Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
        Status(request, "idle");
        await FlushAsync();
        _shutdown.TrySetResult(restart);
    }

    private JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = Implementation,
        ["implementation_version"] = typeof(JupyterKernel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = "C# on the real .NET Interactive kernel, hosted by the Neurons workbook (FSharp.Core 10.1, so Plotly.NET charts work)",
        ["help_links"] = new JsonArray(),
    };

    private async Task<bool> ExecuteAsync(JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var silent = request.Content["silent"]?.GetValue<bool>() ?? false;
        var storeHistory = !silent && (request.Content["store_history"]?.GetValue<bool>() ?? true);
        if (storeHistory)
        {
            _executionCount++;
        }
        var count = _executionCount;
        if (!silent)
        {
            Publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
        }

        JsonObject? error = null;
        void Output(JsonObject output)
        {
            if (output["output_type"]!.GetValue<string>() == "error")
            {
                error ??= output;
            }
            if (silent)
            {
                return;
            }
            var type = output["output_type"]!.GetValue<string>();
            output.Remove("output_type");
            Publish(request, type, output);
        }

        SupervisedEngine engine;
        try
        {
            engine = await _engine;
        }
        catch (EngineStartException e)
        {
            Output(EngineError("EngineError", $"the engine did not start: {e.Message}"));
            return ReplyExecute(request, count, error);
        }

        // A cell reading the console asks the front end, if it allows input; otherwise the read
        // gets the end of input (null), as a program run with its stdin closed.
        using var cellEnded = new CancellationTokenSource();
        engine.ConsoleInput = request.Content["allow_stdin"]?.GetValue<bool>() == true
            ? cancel => AskFrontEndAsync(request, cancel, cellEnded.Token)
            : null;
        SupervisedReply reply;
        try
        {
            reply = await engine.SendAsync(new SubmitCode(code, WorkbookKernel.CSharpKernelName), System.Threading.Timeout.InfiniteTimeSpan, e =>
        {
            if (e is CommandFailed)
            {
                return; // said below, once it is known whether an interrupt caused it
            }
            if (KernelOutputs.ToOutput(e, count) is not { } output)
            {
                return;
            }
            if (KernelOutputs.DisplayId(e) is { } id)
            {
                output["transient"] = new JsonObject { ["display_id"] = id };
                if (e is DisplayedValueUpdated)
                {
                    output["output_type"] = "update_display_data";
                }
            }
            Output(output);
        });
        }
        finally
        {
            engine.ConsoleInput = null;
            cellEnded.Cancel();
        }
        if (reply.Interrupted || reply.EngineReplaced)
        {
            Output(EngineError(reply.Interrupted ? "Interrupted" : "EngineError",
                reply.EngineReplaced ? reply.Detail! : "interrupted: the cell was stopped; the state is kept"));
        }
        else if (reply.Outcome != EngineOutcome.Completed)
        {
            Output(EngineError("EngineError", reply.Detail ?? reply.Outcome.ToString()));
        }
        else if (reply.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
        {
            Output(KernelOutputs.Error(failed));
        }
        return ReplyExecute(request, count, error);
    }

    private bool ReplyExecute(JupyterMessage request, int count, JsonObject? error)
    {
        var content = error is null
            ? new JsonObject { ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray() }
            : new JsonObject
            {
                ["status"] = "error",
                ["execution_count"] = count,
                ["ename"] = error["ename"]?.DeepClone(),
                ["evalue"] = error["evalue"]?.DeepClone(),
                ["traceback"] = error["traceback"]?.DeepClone() ?? new JsonArray(),
            };
        Reply(_shell, request, "execute_reply", content);
        return error is not null;
    }

    private static JsonObject EngineError(string name, string detail) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = detail,
        ["traceback"] = new JsonArray(JsonValue.Create(detail)),
    };

    private async Task<JsonObject> CompleteAsync(JsonObject content)
    {
        var code = content["code"]?.GetValue<string>() ?? "";
        var cursor = content["cursor_pos"]?.GetValue<int>() ?? CursorPositions.ToCodePoints(code, code.Length);
        var offset = CursorPositions.ToUtf16(code, cursor);
        var start = offset;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_'))
        {
            start--;
        }
        var matches = new JsonArray();
        var engine = await _engine;
        var reply = await engine.SendAsync(new RequestCompletions(code, CursorPositions.ToLinePosition(code, offset), WorkbookKernel.CSharpKernelName), LanguageServiceTimeout);
        if (reply.Events.OfType<CompletionsProduced>().FirstOrDefault() is { } produced)
        {
            if (produced.LinePositionSpan is { } span)
            {
                start = CursorPositions.ToOffset(code, span.Start);
            }
            var typed = code[start..offset];
            foreach (var item in produced.Completions
                         .Where(c => c.DisplayText.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || typed.Length == 0)
                         .OrderBy(c => c.SortText ?? c.DisplayText, StringComparer.Ordinal))
            {
                // The display text, not the insert text: that is a snippet ("WriteLine($1)").
                matches.Add(item.DisplayText);
            }
        }
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = matches,
            ["cursor_start"] = CursorPositions.ToCodePoints(code, start),
            ["cursor_end"] = cursor,
            ["metadata"] = new JsonObject(),
        };
    }

    private async Task<JsonObject> InspectAsync(JsonObject content)
    {
        var code = content["code"]?.GetValue<string>() ?? "";
        var cursor = content["cursor_pos"]?.GetValue<int>() ?? 0;
        var offset = CursorPositions.ToUtf16(code, cursor);
        var engine = await _engine;
        var reply = await engine.SendAsync(new RequestHoverText(code, CursorPositions.ToLinePosition(code, offset), WorkbookKernel.CSharpKernelName), LanguageServiceTimeout);
        var data = new JsonObject();
        foreach (var value in reply.Events.OfType<HoverTextProduced>().SelectMany(h => h.Content))
        {
            data[value.MimeType] = value.Value;
        }
        if (data.Count > 0 && data["text/plain"] is null && data["text/markdown"] is { } markdown)
        {
            data["text/plain"] = markdown.GetValue<string>();
        }
        return new JsonObject { ["status"] = "ok", ["found"] = data.Count > 0, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    /// <summary>Roslyn's own test for a complete script submission: an open brace or string waits for more.</summary>
    private static JsonObject IsComplete(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        return SyntaxFactory.IsCompleteSubmission(tree)
            ? new JsonObject { ["status"] = "complete" }
            : new JsonObject { ["status"] = "incomplete", ["indent"] = "    " };
    }

    /// <summary>
    /// One line for the running cell: an input_request on the stdin socket, to the client that sent
    /// the execute_request, answered by its input_reply. An interrupt, or the cell ending, gives up.
    /// </summary>
    private async Task<string?> AskFrontEndAsync(JupyterMessage execute, CancellationToken engineGone, CancellationToken cellEnded)
    {
        var ask = JupyterMessage.Create("input_request", new JsonObject { ["prompt"] = "", ["password"] = false }, execute, _session);
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _input, answer);
        try
        {
            Send(_stdin, ask);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(engineGone, cellEnded);
            return await answer.Task.WaitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            Interlocked.CompareExchange(ref _input, null, answer);
        }
    }

    private void OnStdin(JupyterMessage message)
    {
        // A cell asks for one line at a time, so a reply answers the read that is waiting (jupyter_client's
        // input() sends it without a parent header, as ipykernel expects); with none waiting it is dropped.
        if (message.MessageType == "input_reply" && Interlocked.Exchange(ref _input, null) is { } waiting)
        {
            waiting.TrySetResult(message.Content["value"]?.GetValue<string>() ?? "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var engine = await _engine;
            await engine.DisposeAsync();
        }
        catch (EngineStartException)
        {
        }
        await FlushAsync().WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { });
        _poller.Stop();
        _poller.Dispose();
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat })
        {
            socket.Dispose();
        }
        _outgoing.Dispose();
        NetMQConfig.Cleanup(block: false);
    }
}
