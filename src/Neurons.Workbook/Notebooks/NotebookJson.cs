using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neurons.Workbook.Notebooks;

/// <summary>
/// Reads and writes .ipynb JSON the way VS Code writes it: <c>JSON.stringify(notebook, null, 1)</c>,
/// so key order, one-space indent and escaping survive a read and a write unchanged.
/// </summary>
public static class NotebookJson
{
    /// <summary>
    /// Parses a notebook file; a file that cannot be read, is not UTF-8, or is not JSON (duplicate
    /// keys included) fails with its name and what is wrong.
    /// </summary>
    public static JsonObject Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookException(Path.GetFileName(path), $"cannot read the file: {e.Message}");
        }
        return Parse(Decode(bytes, Path.GetFileName(path)), Path.GetFileName(path));
    }

    /// <summary>How the parser reads a notebook: a key twice in one object is an error, as nbformat's validator says.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 256 };

    /// <summary>
    /// The text of a notebook's bytes, which must be UTF-8 (a byte order mark is allowed, and
    /// dropped); anything else fails naming the file and the offset of the first bad byte, rather
    /// than turning it into U+FFFD.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string name)
    {
        var body = bytes.StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes;
        var chars = new char[body.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            var offset = read + (bytes.Length - body.Length);
            throw new NotebookException(name, string.Create(CultureInfo.InvariantCulture,
                $"not UTF-8: byte {offset} (0x{bytes[offset]:X2}) does not belong to a UTF-8 character; save the notebook as UTF-8"));
        }
        return new string(chars, 0, written);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static JsonObject Parse(string text, string name)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: DocumentOptions);
            ReadEveryString(node);
        }
        catch (JsonException e)
        {
            throw new NotebookException(name, $"not valid JSON: {OneLine(e)}");
        }
        catch (InvalidOperationException e)
        {
            // A string or key escaping half a UTF-16 pair ("\ud800"): JSON's grammar allows it, .NET cannot read it as text.
            throw new NotebookException(name, $"not valid JSON text: {e.Message} (a \\u escape names half of a UTF-16 surrogate pair)");
        }
        return node as JsonObject ?? throw new NotebookException(name, "not a notebook: the JSON is not an object");
    }

    /// <summary>
    /// The parser's complaint on one short line: the token it quotes can be a whole stretch of the
    /// file (a string cut open runs on to the next quote), so its middle is left out, its line
    /// breaks are shown as \n, and the place is said as a line and byte counted from 1.
    /// </summary>
    private static string OneLine(JsonException e)
    {
        var message = e.Message;
        var path = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var what = path > 0 ? message[..path] : message;
        what = what.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
        if (what.Length > 160)
        {
            what = what[..100] + " … " + what[^50..];
        }
        return e.LineNumber is long line && e.BytePositionInLine is long column
            ? $"{what} (line {line + 1}, byte {column + 1})"
            : what;
    }

    /// <summary>Reads every key and string now, so one that cannot be text fails here and not in whatever reads it later.</summary>
    private static void ReadEveryString(JsonNode? root)
    {
        var pending = new Stack<JsonNode?>([root]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, value) in obj) pending.Push(value);
                    break;
                case JsonArray array:
                    foreach (var item in array) pending.Push(item);
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    value.GetValue<string>();
                    break;
            }
        }
    }

    /// <summary>
    /// The notebook as VS Code would save it, with or without the trailing newline; a value nested
    /// <paramref name="depth"/> levels deep indents its inner lines as it would be there.
    /// </summary>
    public static string Serialize(JsonNode? node, bool trailingNewline = true, int indent = 1, int depth = 0)
    {
        var builder = new StringBuilder();
        Write(builder, node, depth, indent);
        if (trailingNewline)
        {
            builder.Append('\n');
        }
        return builder.ToString();
    }

    private static void Write(StringBuilder b, JsonNode? node, int depth, int indent)
    {
        switch (node)
        {
            case null:
                b.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    b.Append("{}");
                    break;
                }
                b.Append("{\n");
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first)
                    {
                        b.Append(",\n");
                    }
                    first = false;
                    b.Append(' ', (depth + 1) * indent);
                    WriteString(b, key);
                    b.Append(": ");
                    Write(b, value, depth + 1, indent);
                }
                b.Append('\n').Append(' ', depth * indent).Append('}');
                break;
            case JsonArray array:
                if (array.Count == 0)
                {
                    b.Append("[]");
                    break;
                }
                b.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(",\n");
                    }
                    b.Append(' ', (depth + 1) * indent);
                    Write(b, array[i], depth + 1, indent);
                }
                b.Append('\n').Append(' ', depth * indent).Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(b, value.GetValue<string>());
                        break;
                    default:
                        // Numbers keep the text they were read with; true, false and null as they are.
                        b.Append(value.ToJsonString());
                        break;
                }
                break;
        }
    }

    /// <summary>Escapes like JSON.stringify: quote, backslash and control characters only.</summary>
    private static void WriteString(StringBuilder b, string s)
    {
        b.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    var loneSurrogate =
                        (char.IsHighSurrogate(c) && (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))) ||
                        (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1])));
                    if (c < 0x20 || loneSurrogate)
                    {
                        b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }
                    break;
            }
        }
        b.Append('"');
    }

    /// <summary>The indent a file was written with (spaces before its first key), 1 if none is seen.</summary>
    public static int DetectIndent(string text)
    {
        var newline = text.IndexOf('\n');
        if (newline < 0)
        {
            return 1;
        }
        var spaces = 0;
        while (newline + 1 + spaces < text.Length && text[newline + 1 + spaces] == ' ')
        {
            spaces++;
        }
        return spaces > 0 ? spaces : 1;
    }

    /// <summary>
    /// A cell's source, which nbformat allows as one string or a list of lines; "" when there is none,
    /// null when it is something else (a number, an object, a list holding a non-string).
    /// </summary>
    public static string? SourceText(JsonObject cell) => cell["source"] switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray lines when lines.All(l => l is JsonValue v && v.GetValueKind() == JsonValueKind.String) =>
            string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => null,
    };

    /// <summary>What <see cref="SourceText"/> returning null means, for the user.</summary>
    public const string MalformedSource = "\"source\" must be a string or a list of strings";

    /// <summary>
    /// The node at a path of object keys (metadata → kernelspec → name), or null where a step is
    /// missing or not an object: a notebook's JSON is input, and may be any shape.
    /// </summary>
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var next) ? next : null;
        }
        return node;
    }

    public static string? CellType(JsonObject cell) =>
        cell["cell_type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>A notebook that cannot be read; the message names the file and what is wrong.</summary>
public sealed class NotebookException(string notebook, string detail) : Exception($"{notebook}: {detail}")
{
    public string Notebook { get; } = notebook;

    /// <summary>What is wrong, without the notebook's name.</summary>
    public string Detail { get; } = detail;
}
