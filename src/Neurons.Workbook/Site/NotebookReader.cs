using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neurons.Workbook.Site;

/// <summary>
/// Reads the parts of an executed nbformat 4 document the site needs, and reports anything it
/// cannot read as an error naming the notebook, the cell (number from 1, and id) and the value.
/// </summary>
internal sealed class NotebookReader(string fileName)
{
    public string FileName { get; } = fileName;

    public InvalidDataException Error(string problem) => new($"{FileName}: {problem}");

    public InvalidDataException Error(int cellIndex, JsonObject cell, string problem)
    {
        var id = cell["id"] is JsonValue value && value.TryGetValue<string>(out var text) ? $" (id \"{text}\")" : "";
        return new InvalidDataException($"{FileName}, cell {cellIndex + 1}{id}: {problem}");
    }

    public IReadOnlyList<JsonObject> Cells(JsonObject notebook)
    {
        if (notebook["cells"] is not JsonArray cells)
            throw Error($"\"cells\" must be an array, found {Describe(notebook["cells"])}");
        var result = new List<JsonObject>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell)
                throw Error($"cell {i + 1} must be an object, found {Describe(cells[i])}");
            result.Add(cell);
        }
        return result;
    }

    public string CellType(int index, JsonObject cell) =>
        cell["cell_type"] is JsonValue value && value.TryGetValue<string>(out var type)
            ? type
            : throw Error(index, cell, $"\"cell_type\" must be a string, found {Describe(cell["cell_type"])}");

    /// <summary>nbformat's multiline string: one string, or a list of strings to concatenate.</summary>
    public string Text(int index, JsonObject cell, JsonNode? node, string field)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text;
            case JsonArray lines:
                var joined = new StringBuilder();
                for (var i = 0; i < lines.Count; i++)
                {
                    if (lines[i] is JsonValue line && line.TryGetValue<string>(out var part)) joined.Append(part);
                    else throw Error(index, cell, $"\"{field}\" line {i + 1} must be a string, found {Describe(lines[i])}");
                }
                return joined.ToString();
            default:
                throw Error(index, cell, $"\"{field}\" must be a string or a list of strings, found {Describe(node)}");
        }
    }

    public static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonArray => "an array",
        JsonObject => "an object",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {Shorten(value.ToJsonString())}",
            JsonValueKind.Number => $"the number {value.ToJsonString()}",
            JsonValueKind.True or JsonValueKind.False => $"{value.ToJsonString()}",
            JsonValueKind.Null => "null",
            _ => value.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
