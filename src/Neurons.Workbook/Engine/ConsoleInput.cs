using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;

namespace Neurons.Workbook.Engine;

/// <summary>
/// A cell's console input. The engine's real stdin carries the kernel protocol, so a cell must never
/// read it: the engine's <see cref="Console.In"/> is a <see cref="ConsoleInput"/>, which asks the
/// host for each line with a request line on the protocol's stdout, and the host answers with a
/// reply line on stdin (<see cref="ConsoleInputLines"/>); neither is a kernel envelope, so both are
/// taken out of the protocol's streams before the kernel host sees them. The host's front door
/// decides where the line comes from: Jupyter's input_request when the front end allows input, and
/// otherwise the end of input (null), as for a program run with its stdin closed.
/// </summary>
public static class ConsoleInputLines
{
    /// <summary>Engine to host: <c>PREFIX {"id": N}</c>.</summary>
    public const string RequestPrefix = "#workbook-console-input-request ";

    /// <summary>Host to engine: <c>PREFIX {"id": N, "value": "text" | null}</c>.</summary>
    public const string ReplyPrefix = "#workbook-console-input-reply ";

    public static string Request(long id) => RequestPrefix + new JsonObject { ["id"] = id }.ToJsonString();

    public static string Reply(long id, string? value) => ReplyPrefix + new JsonObject { ["id"] = id, ["value"] = value }.ToJsonString();

    /// <summary>The id in a request or reply line (after its prefix), or null if the line is malformed.</summary>
    public static (long Id, string? Value)? Parse(string payload)
    {
        try
        {
            var node = JsonNode.Parse(payload) as JsonObject;
            if (node?["id"] is JsonValue id && id.TryGetValue<long>(out var n))
            {
                return (n, node["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null);
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}

/// <summary>The engine's <see cref="Console.In"/>: each line is asked of the host for the running cell.</summary>
internal sealed class ConsoleInput(TextWriter protocol) : TextReader
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    /// <summary>The one read waiting for the host (reads take turns), guarded by <see cref="_gate"/>.</summary>
    private (long Id, TaskCompletionSource<string?> Answer)? _waiting;
    private long _nextId;
    private string? _line;
    private int _position;

    /// <summary>A reply line's payload, from the protocol's stdin.</summary>
    public void Deliver(string payload)
    {
        if (ConsoleInputLines.Parse(payload) is not var (id, value))
        {
            return;
        }
        TaskCompletionSource<string?>? waiting = null;
        lock (_gate)
        {
            if (_waiting is { } read && read.Id == id)
            {
                waiting = read.Answer;
                _waiting = null;
            }
        }
        // A reply for a read that was interrupted finds nobody waiting and is dropped.
        waiting?.TrySetResult(value);
    }

    public override string? ReadLine()
    {
        if (_line is not null)
        {
            var rest = _line[_position..];
            _line = null;
            return rest.EndsWith('\n') ? rest[..^1] : rest;
        }
        return Ask();
    }

    public override int Read()
    {
        var c = Peek();
        if (c >= 0)
        {
            _position++;
        }
        return c;
    }

    public override int Peek()
    {
        if (_line is null || _position >= _line.Length)
        {
            var next = Ask();
            if (next is null)
            {
                _line = null;
                return -1;
            }
            _line = next + "\n";
            _position = 0;
        }
        return _line[_position];
    }

    public override string ReadToEnd()
    {
        var all = new System.Text.StringBuilder();
        if (_line is not null)
        {
            all.Append(_line, _position, _line.Length - _position);
            _line = null;
        }
        while (Ask() is { } line)
        {
            all.Append(line).Append('\n');
        }
        return all.ToString();
    }

    public override Task<string?> ReadLineAsync() => Task.Run(ReadLine);

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => new(Task.Run(ReadLine, cancellationToken));

    /// <summary>
    /// One line from the host for the running cell, or null at the end of input. An interrupt of
    /// the cell ends the wait with OperationCanceledException.
    /// </summary>
    private string? Ask()
    {
        // Outside a cell (a thread a cell left behind) there is nobody to ask.
        if (KernelInvocationContext.Current is not { } context)
        {
            return null;
        }
        var cancel = context.CancellationToken;
        _oneAtATime.Wait(cancel);
        try
        {
            var waiting = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            long id;
            lock (_gate)
            {
                id = ++_nextId;
                _waiting = (id, waiting);
            }
            protocol.WriteLine(ConsoleInputLines.Request(id));
            try
            {
                return waiting.Task.WaitAsync(cancel).GetAwaiter().GetResult();
            }
            finally
            {
                lock (_gate)
                {
                    if (_waiting?.Id == id)
                    {
                        _waiting = null;
                    }
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
