using System.Globalization;
using Neurons.Workbook.Running;
using Spectre.Console;

namespace Neurons.Workbook.Commands;

/// <summary>
/// Executes notebooks one after another, printing a result line per cell, and stops at the first
/// failing cell. Shared by <c>run</c> and <c>export</c>.
/// </summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(string root, IReadOnlyList<string> named, TimeSpan timeout, bool showOutputs, CancellationToken cancellationToken)
    {
        var notebooks = Workspace.Resolve(named, root);
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"no notebooks to run in {Workspace.NotebooksFolder(root)}");
            return 1;
        }
        var results = await RunAllAsync(notebooks, timeout, showOutputs, cancellationToken);
        return results.Count == notebooks.Count && results.All(r => r.Succeeded) ? 0 : 1;
    }

    /// <summary>Runs the notebooks in order until one fails; returns the results so far.</summary>
    public static async Task<IReadOnlyList<RunResult>> RunAllAsync(IReadOnlyList<string> notebooks, TimeSpan timeout, bool showOutputs, CancellationToken cancellationToken)
    {
        var results = new List<RunResult>();
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (interactive)
        {
            await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    foreach (var notebook in notebooks)
                    {
                        var task = context.AddTask(Markup.Escape(Path.GetFileName(notebook)), maxValue: 1);
                        var options = new RunOptions
                        {
                            CellTimeout = timeout,
                            OnCellStarting = start =>
                            {
                                task.MaxValue = start.CodeCellCount;
                                task.Description = Markup.Escape($"{start.Notebook} cell {start.CellNumber}");
                            },
                            OnCellFinished = report =>
                            {
                                task.Increment(1);
                                AnsiConsole.MarkupLine(Colour(report, Markup.Escape(ResultLine(report))));
                                if (showOutputs)
                                {
                                    AnsiConsole.Write(new Text(Indent(report.OutputText)));
                                }
                            },
                        };
                        var result = await NotebookRunner.RunAsync(notebook, options, cancellationToken);
                        task.Description = Markup.Escape(Path.GetFileName(notebook));
                        task.Value = task.MaxValue;
                        task.StopTask();
                        results.Add(result);
                        AnsiConsole.MarkupLine(Markup.Escape(Summary(result)));
                        if (!result.Succeeded)
                        {
                            break;
                        }
                    }
                });
        }
        else
        {
            foreach (var notebook in notebooks)
            {
                var options = new RunOptions
                {
                    CellTimeout = timeout,
                    OnCellFinished = report =>
                    {
                        Console.WriteLine(ResultLine(report));
                        if (showOutputs)
                        {
                            Console.Write(Indent(report.OutputText));
                        }
                    },
                };
                var result = await NotebookRunner.RunAsync(notebook, options, cancellationToken);
                results.Add(result);
                Console.WriteLine(Summary(result));
                if (!result.Succeeded)
                {
                    break;
                }
            }
        }

        var failure = results.Select(r => r.Failure).FirstOrDefault(f => f is not null);
        if (failure is not null)
        {
            Console.Error.WriteLine($"error: {Neutralise(failure.Message)}");
        }
        else
        {
            var start = results.Sum(r => r.EngineStart.TotalSeconds);
            var cells = results.Sum(r => r.CellTime.TotalSeconds);
            var restore = results.Sum(r => r.RestoreTime.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ran {results.Count} notebook(s): {start:0.00} s starting engines, {cells:0.00} s in cells, of which {restore:0.00} s restoring packages"));
        }
        return results;
    }

    public static string ResultLine(CellReport r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Notebook}  cell {r.CellNumber,3} (code cell {r.CodeCellNumber,3})  {r.Elapsed.TotalSeconds,7:0.00} s  {Status(r.Status)}");

    private static string Summary(RunResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{Path.GetFileName(r.NotebookPath)}: {(r.Succeeded ? "ok" : "FAILED")}, {r.Cells.Count} code cell(s) in {r.CellTime.TotalSeconds:0.00} s (engine start {r.EngineStart.TotalSeconds:0.00} s, restoring packages {r.RestoreTime.TotalSeconds:0.00} s)");

    /// <summary>A cell's text for the terminal, indented, with control characters (escape sequences
    /// that could move the cursor or recolour the terminal) shown as \uXXXX instead of obeyed.</summary>
    internal static string Indent(string text) =>
        text.Length == 0 ? "" : string.Concat(text.TrimEnd('\n').Split('\n').Select(l => "    " + Neutralise(l) + "\n"));

    private static string Neutralise(string line)
    {
        var safe = new System.Text.StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (char.IsControl(c) && c != '\t')
            {
                safe.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                safe.Append(c);
            }
        }
        return safe.ToString();
    }

    private static string Status(CellStatus s) => s switch
    {
        CellStatus.Ok => "ok",
        CellStatus.TimedOut => "timed out",
        _ => "error",
    };

    private static string Colour(CellReport r, string escaped) =>
        r.Status == CellStatus.Ok ? escaped : $"[red]{escaped}[/]";
}
