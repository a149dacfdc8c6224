using System.Text;
using System.Text.Json.Nodes;

namespace Neurons.Workbook.Running;

/// <summary>
/// The outputs of one executing cell, in the order they happen: console text (consecutive writes to
/// the same stream merge into one stream output) and displayed values.
/// </summary>
internal sealed class CellOutputs(string notebookStem, int cellIndex)
{
    private readonly object _gate = new();
    private readonly JsonArray _outputs = [];
    private readonly StringBuilder _pending = new();
    private string? _pendingStream;

    public void Write(string stream, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        lock (_gate)
        {
            if (_pendingStream != stream)
            {
                FlushLocked();
                _pendingStream = stream;
            }
            _pending.Append(text);
        }
    }

    /// <summary>A value shown with display(...) or as the trailing expression.</summary>
    public void Add(object? value, int? executionCount)
    {
        lock (_gate)
        {
            FlushLocked();
            var output = new JsonObject
            {
                ["output_type"] = executionCount is null ? "display_data" : "execute_result",
            };
            if (executionCount is int count)
            {
                output["execution_count"] = count;
            }
            output["data"] = Formatter.Format(value, $"{notebookStem}-cell{cellIndex + 1}-output{_outputs.Count + 1}");
            output["metadata"] = new JsonObject();
            _outputs.Add(output);
        }
    }

    public void AddError(string ename, string evalue, IEnumerable<string> traceback)
    {
        lock (_gate)
        {
            FlushLocked();
            _outputs.Add(new JsonObject
            {
                ["output_type"] = "error",
                ["ename"] = ename,
                ["evalue"] = evalue,
                ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            });
        }
    }

    /// <summary>The outputs so far, as a detached copy.</summary>
    public JsonArray Snapshot()
    {
        lock (_gate)
        {
            FlushLocked();
            return (JsonArray)_outputs.DeepClone();
        }
    }

    private void FlushLocked()
    {
        if (_pendingStream is null || _pending.Length == 0)
        {
            return;
        }
        _outputs.Add(new JsonObject
        {
            ["output_type"] = "stream",
            ["name"] = _pendingStream,
            ["text"] = _pending.ToString(),
        });
        _pending.Clear();
        _pendingStream = null;
    }
}

/// <summary>
/// Console.Out and Console.Error for the whole process, sending each write to the cell that is
/// executing on the current logical flow (so notebooks run in parallel by tests keep their output
/// apart), and everything else to the real console.
/// </summary>
internal sealed class ConsoleRouter : TextWriter
{
    private static readonly AsyncLocal<CellOutputs?> Current = new();
    private static readonly object Gate = new();
    private static bool _installed;

    private readonly TextWriter _fallback;
    private readonly string _stream;

    private ConsoleRouter(TextWriter fallback, string stream)
    {
        _fallback = fallback;
        _stream = stream;
        CoreNewLine = ['\n'];
    }

    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }
            Console.SetOut(new ConsoleRouter(Console.Out, "stdout"));
            Console.SetError(new ConsoleRouter(Console.Error, "stderr"));
            _installed = true;
        }
    }

    /// <summary>Sends this flow's console output to <paramref name="outputs"/> (null: to the console).</summary>
    public static void Capture(CellOutputs? outputs) => Current.Value = outputs;

    public override Encoding Encoding => _fallback.Encoding;

    public override void Write(char value)
    {
        if (Current.Value is { } o) o.Write(_stream, value.ToString()); else _fallback.Write(value);
    }

    public override void Write(string? value)
    {
        if (Current.Value is { } o) o.Write(_stream, value ?? ""); else _fallback.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (Current.Value is { } o) o.Write(_stream, new string(buffer, index, count)); else _fallback.Write(buffer, index, count);
    }

    public override void WriteLine(string? value)
    {
        if (Current.Value is { } o) o.Write(_stream, (value ?? "") + "\n"); else _fallback.WriteLine(value);
    }

    public override void WriteLine()
    {
        if (Current.Value is { } o) o.Write(_stream, "\n"); else _fallback.WriteLine();
    }

    public override void Flush()
    {
        if (Current.Value is null) _fallback.Flush();
    }
}
