using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Neurons.Workbook.Tests.Stdio;

/// <summary>One event envelope a host wrote: the line as written and the event the library reads from it.</summary>
internal sealed record Envelope(string Json, KernelEvent Event)
{
    public string Kind => Event.GetType().Name;

    public string? Token { get; } = JsonNode.Parse(Json)?["command"]?["token"]?.GetValue<string>();

    public bool Ends(string token) => Token == token && Event is CommandSucceeded or CommandFailed;

    public IEnumerable<FormattedValue> FormattedValues => Event switch
    {
        DisplayEvent display => display.FormattedValues,
        _ => [],
    };
}

/// <summary>
/// A client of a .NET Interactive stdio host, as the Polyglot extension is one: it starts the host's
/// process, waits for kernel-ready, writes command envelopes to its stdin (the library's own
/// serialisation) and reads every line of its stdout as an envelope, keeping any line that is not one.
/// </summary>
internal sealed class StdioSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<Envelope> _events = [];
    private readonly List<string> _commands = [];
    private readonly List<string> _notEnvelopes = [];
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _arrived = new(0);
    private int _nextToken;

    private StdioSession(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public KernelReady Ready { get; private set; } = null!;

    /// <summary>The csharp kernel's address as kernel-ready gave it (the extension sends its commands there).</summary>
    public Uri CSharpUri { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Lines on stdout that are not envelopes.</summary>
    public IReadOnlyList<string> NotEnvelopes
    {
        get
        {
            lock (_events)
            {
                return _notEnvelopes.ToList();
            }
        }
    }

    /// <summary>Command envelopes the host sent to its client (for the extension's own kernels).</summary>
    public IReadOnlyList<string> CommandsToClient
    {
        get
        {
            lock (_events)
            {
                return _commands.ToList();
            }
        }
    }

    public Task Exited => _exited.Task;

    public static async Task<StdioSession> StartAsync(string name, IReadOnlyList<string> commandLine, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(commandLine[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var session = new StdioSession(name, process);
        process.OutputDataReceived += (_, e) => session.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (session._stderr)
                {
                    session._stderr.Append(e.Data).Append('\n');
                }
            }
        };
        process.Exited += (_, _) =>
        {
            session._exited.TrySetResult();
            session._arrived.Release();
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start {string.Join(' ', commandLine)}");
        }
        process.StandardInput.AutoFlush = true;
        process.StandardInput.NewLine = "\n";
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var ready = await session.WaitForAsync(e => e.Event is KernelReady, timeout, $"kernel-ready from {string.Join(' ', commandLine)}");
        session.Ready = (KernelReady)ready.Event;
        session.CSharpUri = session.Ready.KernelInfos.FirstOrDefault(k => k.LocalName == "csharp")?.Uri
                            ?? throw new InvalidOperationException($"{name}: kernel-ready lists no csharp kernel: {ready.Json}");
        return session;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_events)
        {
            try
            {
                if (JsonNode.Parse(line) is JsonObject json && json.ContainsKey("commandType"))
                {
                    KernelCommandEnvelope.Deserialize(line);
                    _commands.Add(line);
                }
                else
                {
                    _events.Add(new Envelope(line, KernelEventEnvelope.Deserialize(line).Event));
                }
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NullReferenceException or KeyNotFoundException)
            {
                _notEnvelopes.Add(line);
            }
        }
        _arrived.Release();
    }

    /// <summary>A command addressed as the extension addresses it: from its own csharp proxy to this host's csharp kernel.</summary>
    public T Command<T>(T command) where T : KernelCommand
    {
        command.SetToken($"{Name}-{Interlocked.Increment(ref _nextToken)}");
        command.OriginUri = new Uri("kernel://vscode/csharp");
        if (command is not Cancel)
        {
            command.DestinationUri = CSharpUri;
        }
        return command;
    }

    public void Send(KernelCommand command)
    {
        lock (_process)
        {
            _process.StandardInput.WriteLine(KernelCommandEnvelope.Serialize(command));
        }
    }

    /// <summary>Sends the command and returns its events once it ends.</summary>
    public async Task<IReadOnlyList<Envelope>> RunAsync(KernelCommand command, TimeSpan timeout)
    {
        Send(command);
        return await EventsOfAsync(command.GetOrCreateToken(), timeout);
    }

    /// <summary>The events of the command with <paramref name="token"/> (and of its children), once it ends.</summary>
    public async Task<IReadOnlyList<Envelope>> EventsOfAsync(string token, TimeSpan timeout)
    {
        await WaitForAsync(e => e.Ends(token), timeout, $"the end of command {token}");
        lock (_events)
        {
            return _events.Where(e => e.Token is { } t && (t == token || t.StartsWith(token + ".", StringComparison.Ordinal))).ToList();
        }
    }

    public async Task<Envelope> WaitForAsync(Func<Envelope, bool> predicate, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_events)
            {
                if (_events.FirstOrDefault(predicate) is { } found)
                {
                    return found;
                }
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} ended (exit code {_process.ExitCode}) before {what}; stderr:\n{StandardError}");
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"{Name}: no {what} within {timeout.TotalSeconds:0} s; stderr:\n{StandardError}");
            }
        }
    }

    /// <summary>Closes stdin, as the extension does when it closes the notebook.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
