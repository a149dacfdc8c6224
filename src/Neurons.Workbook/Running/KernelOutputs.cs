using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Neurons.Workbook.Running;

/// <summary>
/// Kernel events as nbformat outputs, mapped as dotnet-interactive's own Jupyter front maps them:
/// a returned value is an execute_result with the execution count, a displayed value a display_data
/// (its updates update it), console writes stream outputs, diagnostics a stderr stream, a failure
/// an error. Every front door that speaks nbformat or Jupyter messages uses this one mapping.
/// </summary>
public static class KernelOutputs
{
    /// <summary>The output content for one event, or null for an event that is not an output.</summary>
    /// <param name="executionCount">the cell's execution count, for execute_result</param>
    public static JsonObject? ToOutput(KernelEvent e, int executionCount) => e switch
    {
        ReturnValueProduced { Value: DisplayedValue } => null,
        ReturnValueProduced r => new JsonObject
        {
            ["output_type"] = "execute_result",
            ["execution_count"] = executionCount,
            ["data"] = Data(r.FormattedValues),
            ["metadata"] = new JsonObject(),
        },
        DisplayedValueProduced or DisplayedValueUpdated => new JsonObject
        {
            ["output_type"] = "display_data",
            ["data"] = Data(((DisplayEvent)e).FormattedValues),
            ["metadata"] = new JsonObject(),
        },
        StandardOutputValueProduced s => Stream("stdout", PlainText(s)),
        StandardErrorValueProduced s => Stream("stderr", PlainText(s)),
        ErrorProduced s => Stream("stderr", PlainText(s)),
        DiagnosticsProduced { FormattedDiagnostics.Count: > 0 } d => Stream("stderr",
            "\n" + string.Join("\n\n", d.FormattedDiagnostics.Select(v => v.Value)) + "\n\n"),
        CommandFailed f => Error(f),
        _ => null,
    };

    /// <summary>The display id that later DisplayedValueUpdated events use to replace an output.</summary>
    public static string? DisplayId(KernelEvent e) => e is DisplayedValueProduced or DisplayedValueUpdated ? ((DisplayEvent)e).ValueId : null;

    /// <summary>A failure as the Jupyter front shows it; a compile error's diagnostics are already on stderr.</summary>
    public static JsonObject Error(CommandFailed failed)
    {
        var compile = failed.Exception is Microsoft.DotNet.Interactive.CodeSubmissionCompilationErrorException
                      || failed.Message.Contains(": error CS", StringComparison.Ordinal) && failed.Message.TrimStart().StartsWith('(');
        return new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = "Error",
            ["evalue"] = compile ? "compilation error" : failed.Message,
            ["traceback"] = compile ? new JsonArray() : new JsonArray(JsonValue.Create(failed.Message)),
        };
    }

    public static JsonObject Stream(string name, string text) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = text,
    };

    /// <summary>The mime bundle: JSON mime types as JSON (the plotly figure an object), the rest as text.</summary>
    public static JsonObject Data(IReadOnlyCollection<FormattedValue> values)
    {
        var data = new JsonObject();
        foreach (var value in values)
        {
            data[value.MimeType] = IsJson(value.MimeType) ? ParseOrText(value.Value) : JsonValue.Create(value.Value);
        }
        return data;
    }

    private static bool IsJson(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? ParseOrText(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }

    private static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? e.Value?.ToString() ?? "";
}
