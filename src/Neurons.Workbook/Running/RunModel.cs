using System.Text.Json.Nodes;

namespace Neurons.Workbook.Running;

public sealed record RunOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>The longest limit a timer can wait for: 2³² - 2 ms, about 49.7 days.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>How long one cell may run (compile and execute) before the run is stopped.</summary>
    public TimeSpan CellTimeout
    {
        get;
        init => field = value > TimeSpan.Zero && value <= MaxTimeout
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CellTimeout), value, $"a cell's time limit must be more than 0 and at most {MaxTimeout.TotalSeconds:0} s, but was {value.TotalSeconds} s");
    } = DefaultTimeout;

    /// <summary>How long an engine may take to start and announce its kernel.</summary>
    public TimeSpan EngineStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The most the engine's heap may hold (null: three quarters of the machine's memory).</summary>
    public long? EngineHeapLimitBytes { get; init; }

    /// <summary>Called before each code cell starts.</summary>
    public Action<CellStart>? OnCellStarting { get; init; }

    /// <summary>Called after each code cell, with its time and outcome.</summary>
    public Action<CellReport>? OnCellFinished { get; init; }
}

public enum CellStatus { Ok, Error, TimedOut }

/// <param name="CellNumber">1-based, counting every cell (markdown too), as an editor lists them</param>
/// <param name="CodeCellNumber">1-based, counting code cells only</param>
public sealed record CellStart(string Notebook, int CellNumber, int CodeCellNumber, int CodeCellCount);

public sealed record CellReport(
    string Notebook,
    int CellNumber,
    int CodeCellNumber,
    TimeSpan Elapsed,
    TimeSpan Restore,
    CellStatus Status,
    JsonArray Outputs)
{
    /// <summary>The cell's outputs as a terminal shows them: console text, and values as their text (HTML reduced to what it shows).</summary>
    public string OutputText => string.Concat(Outputs.OfType<JsonObject>().Select(o =>
        o["output_type"]?.GetValue<string>() switch
        {
            "stream" => o["text"]?.GetValue<string>() ?? "",
            "error" => "",
            _ => (o["data"]?["text/plain"]?.GetValue<string>() ?? VisibleText.Of(o["data"]?["text/html"]?.GetValue<string>() ?? "")) + "\n",
        }));

}

/// <summary>Why a run stopped. <see cref="Message"/> is what the user reads.</summary>
/// <param name="Notebook">the notebook's file name</param>
/// <param name="CellNumber">1-based over all cells; null when the notebook itself is unreadable</param>
/// <param name="CodeCellNumber">1-based over code cells</param>
/// <param name="Line">1-based line in the cell, when known</param>
/// <param name="Kind">compile error, exception, timeout, engine ended, cancelled or unreadable notebook</param>
/// <param name="Detail">the compiler's or the exception's message</param>
public sealed record RunFailure(
    string Notebook,
    int? CellNumber,
    int? CodeCellNumber,
    int? Line,
    FailureKind Kind,
    string Detail)
{
    public string Message
    {
        get
        {
            var where = Notebook;
            if (CellNumber is int cell)
            {
                where += CodeCellNumber is int code ? $", cell {cell} (code cell {code})" : $", cell {cell}";
            }
            if (Line is int line)
            {
                where += $", line {line}";
            }
            return $"{where}: {Detail}";
        }
    }

    public override string ToString() => Message;
}

public enum FailureKind { Notebook, Compilation, Exception, Timeout, Engine, Cancelled }

public sealed record RunResult(
    string NotebookPath,
    JsonObject Notebook,
    IReadOnlyList<CellReport> Cells,
    RunFailure? Failure,
    TimeSpan EngineStart)
{
    public bool Succeeded => Failure is null;

    /// <summary>Time in cells, from submitting each to the kernel's answer.</summary>
    public TimeSpan CellTime => TimeSpan.FromTicks(Cells.Sum(c => c.Elapsed.Ticks));

    /// <summary>Of <see cref="CellTime"/>, the time until the last package of a cell was restored.</summary>
    public TimeSpan RestoreTime => TimeSpan.FromTicks(Cells.Sum(c => c.Restore.Ticks));
}
