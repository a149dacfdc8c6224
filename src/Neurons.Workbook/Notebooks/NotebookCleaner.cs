using System.Text.Json.Nodes;
using Neurons.Workbook.IO;

namespace Neurons.Workbook.Notebooks;

/// <summary>What <see cref="NotebookCleaner.Clean"/> did to one notebook.</summary>
public sealed record CleanResult(string Notebook, int OutputsRemoved, int CountsRemoved)
{
    public bool Changed => OutputsRemoved > 0 || CountsRemoved > 0;
}

/// <summary>
/// Strips outputs and execution counts from a notebook in place, keeping everything else as it was
/// (metadata, ids, sources, key order, indent, trailing newline). The file is written whole or not at all,
/// and not at all when it is already clean.
/// </summary>
public static class NotebookCleaner
{
    public static CleanResult Clean(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var name = Path.GetFileName(fullPath);
        var text = File.ReadAllText(fullPath);
        var notebook = NotebookJson.Parse(text, name);
        if (notebook["cells"] is not JsonArray cells)
        {
            throw new NotebookException(name, "not a notebook: no \"cells\" array");
        }
        var outputs = 0;
        var counts = 0;
        foreach (var cell in cells.OfType<JsonObject>().Where(c => NotebookJson.CellType(c) == "code"))
        {
            if (cell["outputs"] is JsonArray { Count: > 0 } stored)
            {
                outputs += stored.Count;
                cell["outputs"] = new JsonArray();
            }
            if (cell["execution_count"] is not null)
            {
                counts++;
                cell["execution_count"] = null;
            }
        }
        var result = new CleanResult(name, outputs, counts);
        if (result.Changed)
        {
            var cleaned = NotebookJson.Serialize(notebook, text.EndsWith('\n'), NotebookJson.DetectIndent(text));
            AtomicFile.WriteAllText(fullPath, cleaned);
        }
        return result;
    }
}
