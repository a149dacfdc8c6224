using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Neurons.Workbook.Engine;
using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Running;

/// <summary>
/// Executes a notebook's code cells top to bottom in a fresh engine (the real C# kernel in a child
/// process started in the notebook's folder) and returns the notebook with its outputs, mapped to
/// nbformat by <see cref="KernelOutputs"/>. The run stops at the first cell that fails, times out,
/// or ends its engine.
/// </summary>
public static partial class NotebookRunner
{
    public static async Task<RunResult> RunAsync(string notebookPath, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var fullPath = Path.GetFullPath(notebookPath);
        var name = Path.GetFileName(fullPath);
        JsonObject notebook;
        try
        {
            notebook = NotebookJson.Read(fullPath);
        }
        catch (NotebookException e)
        {
            return new RunResult(fullPath, new JsonObject(), [], new RunFailure(name, null, null, null, FailureKind.Notebook, e.Detail), TimeSpan.Zero);
        }
        // What would stop a cell from running (a cell that is not an object, an unknown cell type, a
        // source that is not text) is found before any engine starts or any cell runs, as check finds it.
        if (NotebookChecker.Check(fullPath).FirstOrDefault(p => p.Blocks) is { } blocking)
        {
            return new RunResult(fullPath, notebook, [], new RunFailure(name, blocking.Cell, blocking.CodeCell, blocking.Line, FailureKind.Notebook, blocking.What), TimeSpan.Zero);
        }

        var executed = (JsonObject)notebook.DeepClone();
        var cells = (JsonArray)executed["cells"]!;
        foreach (var cell in cells.OfType<JsonObject>().Where(c => NotebookJson.CellType(c) == "code"))
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }

        if (!cells.Any(c => c is JsonObject o && NotebookJson.CellType(o) == "code"))
        {
            return new RunResult(fullPath, executed, [], null, TimeSpan.Zero); // nothing to run: no engine
        }
        EngineProcess engine;
        try
        {
            engine = await EngineProcess.StartAsync(new DirectoryInfo(Path.GetDirectoryName(fullPath)!), options.EngineStartTimeout, cancellationToken, options.EngineHeapLimitBytes);
        }
        catch (EngineStartException e)
        {
            return new RunResult(fullPath, executed, [], new RunFailure(name, null, null, null, FailureKind.Engine, e.Message), TimeSpan.Zero);
        }
        await using (engine)
        {
            var reports = new List<CellReport>();
            var displays = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
            var codeCellCount = cells.Count(c => c is JsonObject o && NotebookJson.CellType(o) == "code");
            var codeNumber = 0;
            for (var index = 0; index < cells.Count; index++)
            {
                if (NotebookJson.CellType((JsonObject)cells[index]!) != "code")
                {
                    continue;
                }
                cancellationToken.ThrowIfCancellationRequested();
                codeNumber++;
                options.OnCellStarting?.Invoke(new CellStart(name, index + 1, codeNumber, codeCellCount));
                var (report, failure) = await RunCellAsync(engine, name, (JsonObject)cells[index]!, index, codeNumber, displays, options, cancellationToken);
                reports.Add(report);
                options.OnCellFinished?.Invoke(report);
                if (failure is not null)
                {
                    return new RunResult(fullPath, executed, reports, failure, engine.StartTime);
                }
            }
            return new RunResult(fullPath, executed, reports, null, engine.StartTime);
        }
    }

    private static async Task<(CellReport Report, RunFailure? Failure)> RunCellAsync(
        EngineProcess engine, string name, JsonObject cell, int index, int codeNumber,
        Dictionary<string, List<JsonObject>> displays, RunOptions options, CancellationToken cancellationToken)
    {
        var outputs = new JsonArray();
        cell["execution_count"] = codeNumber;
        cell["outputs"] = outputs;
        RunFailure Fail(int? line, FailureKind kind, string detail) => new(name, index + 1, codeNumber, line, kind, detail);

        var source = NotebookJson.SourceText(cell)!; // checked before the run began

        var watch = Stopwatch.StartNew();
        var restore = TimeSpan.Zero;
        var reply = await engine.SendAsync(new SubmitCode(source, WorkbookKernel.CSharpKernelName), options.CellTimeout,
            e =>
            {
                if (e is PackageAdded)
                {
                    restore = watch.Elapsed;
                }
            }, cancellationToken);
        var elapsed = watch.Elapsed;

        foreach (var e in reply.Events)
        {
            if (KernelOutputs.ToOutput(e, codeNumber) is not { } output)
            {
                continue;
            }
            if (e is DisplayedValueUpdated && KernelOutputs.DisplayId(e) is { } updated && displays.TryGetValue(updated, out var earlier))
            {
                // An update replaces the data of every output shown under that display id.
                foreach (var shown in earlier)
                {
                    shown["data"] = output["data"]!.DeepClone();
                }
                continue;
            }
            if (KernelOutputs.DisplayId(e) is { } id)
            {
                (displays.TryGetValue(id, out var list) ? list : displays[id] = []).Add(output);
            }
            Append(outputs, output);
        }

        StableIds.Apply(outputs, $"{name}#cell{index + 1}");

        RunFailure? failure = reply.Outcome switch
        {
            EngineOutcome.Completed when reply.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed => Failure(failed, reply.Events, Fail),
            EngineOutcome.Completed => null,
            EngineOutcome.TimedOut => Fail(null, FailureKind.Timeout,
                $"timed out after {options.CellTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (the limit is set with --timeout); the engine was stopped and the run ended"),
            EngineOutcome.Cancelled => Fail(null, FailureKind.Cancelled, "the run was cancelled; the engine was stopped"),
            _ => Fail(null, FailureKind.Engine, reply.Detail ?? "the engine process ended"),
        };
        if (failure is not null && reply.Outcome != EngineOutcome.Completed)
        {
            outputs.Add(new JsonObject
            {
                ["output_type"] = "error",
                ["ename"] = failure.Kind == FailureKind.Timeout ? "TimeoutError" : "EngineError",
                ["evalue"] = failure.Detail,
                ["traceback"] = new JsonArray(JsonValue.Create(failure.Detail)),
            });
        }
        var status = failure is null ? CellStatus.Ok : failure.Kind == FailureKind.Timeout ? CellStatus.TimedOut : CellStatus.Error;
        return (new CellReport(name, index + 1, codeNumber, elapsed, restore, status, (JsonArray)outputs.DeepClone()), failure);
    }

    /// <summary>Consecutive writes to the same stream read as one block, as Jupyter front ends show them.</summary>
    private static void Append(JsonArray outputs, JsonObject output)
    {
        if (output["output_type"]?.GetValue<string>() == "stream"
            && outputs.Count > 0 && outputs[^1] is JsonObject last
            && last["output_type"]?.GetValue<string>() == "stream"
            && last["name"]?.GetValue<string>() == output["name"]?.GetValue<string>())
        {
            last["text"] = last["text"]!.GetValue<string>() + output["text"]!.GetValue<string>();
            return;
        }
        outputs.Add(output);
    }

    private static RunFailure Failure(CommandFailed failed, IReadOnlyList<KernelEvent> events, Func<int?, FailureKind, string, RunFailure> fail)
    {
        var error = events.OfType<DiagnosticsProduced>()
            .SelectMany(d => d.Diagnostics)
            .FirstOrDefault(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        if (error is not null)
        {
            return fail(error.LinePositionSpan.Start.Line + 1, FailureKind.Compilation, $"error {error.Code}: {error.Message}");
        }
        var message = failed.Message.Trim();
        var firstLine = message.Split('\n')[0].TrimEnd('\r');
        var line = SubmissionLine().Match(message) is { Success: true } m ? int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture) : (int?)null;
        return fail(line, FailureKind.Exception, firstLine);
    }

    // A runtime stack trace names the submission's line where it has one: "at Submission#3.<...> in :line 4".
    [GeneratedRegex(@"Submission#\d+[^\n]*?:line (?<line>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SubmissionLine();
}
