using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Workbook.IO;

namespace Neurons.Workbook.Notebooks;

/// <summary>What <see cref="NotebookCleaner.Clean"/> did to one notebook.</summary>
/// <param name="MetadataRestored">kernel metadata entries a front end saved, put back to the committed values</param>
public sealed record CleanResult(string Notebook, int OutputsRemoved, int CountsRemoved, int MetadataRestored = 0)
{
    public bool Changed => OutputsRemoved > 0 || CountsRemoved > 0 || MetadataRestored > 0;
}

/// <summary>
/// The kernel metadata the workbook's notebooks are committed with. A front end that runs a
/// notebook may save its own (Jupyter writes the kernel's language_info, another kernel its
/// kernelspec); clean puts the committed values back.
/// </summary>
public static class KernelMetadata
{
    /// <summary>The notebook-level metadata entries clean restores, by key, as they are committed.</summary>
    public static IReadOnlyDictionary<string, JsonNode> Committed { get; } = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
    };

    /// <summary>
    /// The entries of a notebook's metadata to replace, with what to put there: each committed
    /// entry the notebook has with another value. Missing entries are left missing.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonNode> ToRestore(JsonObject metadata) =>
        Committed
            .Where(entry => metadata.TryGetPropertyValue(entry.Key, out var saved) && !JsonNode.DeepEquals(saved, entry.Value))
            .ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
}

/// <summary>
/// Strips outputs and execution counts from a notebook in place, and restores the kernel metadata
/// (<see cref="KernelMetadata"/>), keeping every other byte as it was: only the bytes of those
/// values are replaced, so line endings, indentation, escapes, key order and the trailing newline
/// stay. The file is written whole or not at all, and not at all when nothing needs cleaning.
/// A link is followed: the file it points to is cleaned, and the link stays. A file that is not
/// UTF-8, not a notebook, or read-only is refused, naming the file and why.
/// </summary>
public static class NotebookCleaner
{
    public static CleanResult Clean(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var name = Path.GetFileName(fullPath);
        var target = fullPath;
        if (SafePath.IsLink(fullPath))
        {
            target = SafePath.RealPath(fullPath);
            if (!File.Exists(target))
            {
                throw new NotebookException(name, $"is a symbolic link to {new FileInfo(fullPath).LinkTarget}, which is not a file");
            }
        }
        var bytes = File.ReadAllBytes(target);
        var text = NotebookJson.Decode(bytes, name);
        var notebook = NotebookJson.Parse(text, name);
        if (notebook["cells"] is not JsonArray cells)
        {
            throw new NotebookException(name, "not a notebook: no \"cells\" array");
        }

        var spans = Spans.Find(bytes, name);
        var edits = new List<(int Start, int End, string With)>();
        var outputs = 0;
        var counts = 0;
        for (var index = 0; index < cells.Count; index++)
        {
            if (cells[index] is not JsonObject cell || NotebookJson.CellType(cell) != "code") continue;
            var cellSpans = spans.Cells[index];
            if (cell["outputs"] is JsonArray { Count: > 0 } stored)
            {
                outputs += stored.Count;
                edits.Add((cellSpans["outputs"].Start, cellSpans["outputs"].End, "[]"));
            }
            if (cell.TryGetPropertyValue("execution_count", out var count) && count is not null)
            {
                counts++;
                edits.Add((cellSpans["execution_count"].Start, cellSpans["execution_count"].End, "null"));
            }
        }
        var restored = 0;
        if (notebook["metadata"] is JsonObject metadata)
        {
            var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            var indent = NotebookJson.DetectIndent(text);
            foreach (var (key, value) in KernelMetadata.ToRestore(metadata))
            {
                var span = spans.Metadata[key];
                edits.Add((span.Start, span.End, NotebookJson.Serialize(value, trailingNewline: false, indent, depth: 2).Replace("\n", newline)));
                restored++;
            }
        }

        var result = new CleanResult(name, outputs, counts, restored);
        if (!result.Changed) return result;
        if (IsReadOnly(target))
        {
            throw new NotebookException(name, $"is read-only{(target == fullPath ? "" : $" ({target}, which it links to)")}, so clean leaves it as it is; make it writable to clean it");
        }
        var cleaned = new MemoryStream(bytes.Length);
        var at = 0;
        foreach (var (start, end, with) in edits.OrderBy(e => e.Start))
        {
            cleaned.Write(bytes, at, start - at);
            cleaned.Write(Encoding.UTF8.GetBytes(with));
            at = end;
        }
        cleaned.Write(bytes, at, bytes.Length - at);
        StagedWrite.ReplaceFile(target, cleaned.ToArray());
        return result;
    }

    private static bool IsReadOnly(string path) =>
        OperatingSystem.IsWindows()
            ? new FileInfo(path).IsReadOnly
            : (File.GetUnixFileMode(path) & UnixFileMode.UserWrite) == 0;

    /// <summary>Where, in the file's bytes, each code cell's outputs and count and the notebook's kernel metadata are.</summary>
    private sealed class Spans
    {
        public List<Dictionary<string, (int Start, int End)>> Cells { get; } = [];

        public Dictionary<string, (int Start, int End)> Metadata { get; } = new(StringComparer.Ordinal);

        public static Spans Find(byte[] bytes, string name)
        {
            var bom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            var reader = new Utf8JsonReader(bytes.AsSpan(bom), new JsonReaderOptions { MaxDepth = NotebookJson.DocumentOptions.MaxDepth });
            var spans = new Spans();
            try
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString();
                    reader.Read();
                    if (key == "cells" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            spans.Cells.Add(reader.TokenType == JsonTokenType.StartObject
                                ? Properties(ref reader, bom, ["outputs", "execution_count"])
                                : Skipped(ref reader));
                        }
                    }
                    else if (key == "metadata" && reader.TokenType == JsonTokenType.StartObject)
                    {
                        foreach (var (k, span) in Properties(ref reader, bom, [.. KernelMetadata.Committed.Keys])) spans.Metadata[k] = span;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            catch (JsonException e)
            {
                // The same bytes parsed as a notebook a moment ago; this is a bug, said plainly.
                throw new NotebookException(name, $"cannot locate the values to clean: {e.Message}");
            }
            return spans;
        }

        private static Dictionary<string, (int Start, int End)> Skipped(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return [];
        }

        /// <summary>The spans of the wanted properties' values in the object the reader is at the start of; leaves it at the object's end.</summary>
        private static Dictionary<string, (int Start, int End)> Properties(ref Utf8JsonReader reader, int offset, string[] wanted)
        {
            var found = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (wanted.Contains(key)) found[key] = (start + offset, (int)reader.BytesConsumed + offset);
            }
            return found;
        }
    }
}
