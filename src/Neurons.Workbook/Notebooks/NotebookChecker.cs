using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neurons.Workbook.Notebooks;

/// <summary>One departure from the notebook conventions; <see cref="Message"/> is what the user reads.</summary>
/// <param name="Notebook">the notebook's file name</param>
/// <param name="Cell">1-based over all cells, or null for the notebook as a whole</param>
/// <param name="Place">"code cell 2" or "markdown", to say which count</param>
/// <param name="Line">1-based line in the cell, when the problem has one</param>
/// <param name="Blocks">whether the notebook cannot be run or exported as it is (its JSON, cells, cell types or sources)</param>
/// <param name="CodeCell">1-based over the code cells, when the problem is in one</param>
public sealed record CheckProblem(string Notebook, int? Cell, string? Place, int? Line, string What, bool Blocks = false, int? CodeCell = null)
{
    public string Message =>
        Notebook
        + (Cell is int cell ? $", cell {cell} ({Place})" : "")
        + (Line is int line ? $", line {line}" : "")
        + $": {What}";

    public override string ToString() => Message;
}

/// <summary>
/// Checks a notebook against the workbook's conventions without executing it: nbformat 4.5, the
/// Polyglot C# kernel metadata, C# code cells, unique cell ids, no stored outputs, and directives
/// the runner can honour.
/// </summary>
public static class NotebookChecker
{
    public static IReadOnlyList<CheckProblem> Check(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var name = Path.GetFileName(fullPath);
        var problems = new List<CheckProblem>();
        void Whole(string what, bool blocks = false) => problems.Add(new CheckProblem(name, null, null, null, what, blocks));

        JsonObject notebook;
        try
        {
            notebook = NotebookJson.Read(fullPath);
        }
        catch (NotebookException e)
        {
            Whole(e.Detail, blocks: true);
            return problems;
        }

        var major = IntOrNull(notebook["nbformat"]);
        var minor = IntOrNull(notebook["nbformat_minor"]);
        if (major != 4 || minor != 5)
        {
            Whole($"nbformat is {Show(notebook["nbformat"])}.{Show(notebook["nbformat_minor"])}, expected 4.5");
        }

        var kernel = StringOrNull(NotebookJson.At(notebook, "metadata", "kernelspec", "name"));
        // A notebook saved from JupyterLab or VS Code's Jupyter extension names the workbook's own
        // Jupyter kernel; clean puts the committed name back.
        if (kernel != ".net-csharp" && kernel != Jupyter.KernelSpec.Name)
        {
            Whole($"metadata.kernelspec.name is {Quote(kernel)}, expected \".net-csharp\" (or \"{Jupyter.KernelSpec.Name}\", the workbook's Jupyter kernel)");
        }
        var defaultKernel = StringOrNull(NotebookJson.At(notebook, "metadata", "polyglot_notebook", "kernelInfo", "defaultKernelName"));
        if (defaultKernel != "csharp")
        {
            Whole($"metadata.polyglot_notebook.kernelInfo.defaultKernelName is {Quote(defaultKernel)}, expected \"csharp\"");
        }

        if (notebook["cells"] is not JsonArray cells)
        {
            Whole("no \"cells\" array", blocks: true);
            return problems;
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var codeNumber = 0;
        for (var index = 0; index < cells.Count; index++)
        {
            var number = index + 1;
            if (cells[index] is not JsonObject cell)
            {
                problems.Add(new CheckProblem(name, number, "not an object", null, $"a cell must be a JSON object, not {Shorten(Show(cells[index]))}", Blocks: true));
                continue;
            }
            var type = NotebookJson.CellType(cell);
            var place = type == "code" ? $"code cell {++codeNumber}" : type ?? "no cell_type";
            int? code = type == "code" ? codeNumber : null;
            void Add(string what, int? line = null, bool blocks = false) => problems.Add(new CheckProblem(name, number, place, line, what, blocks, code));

            var id = StringOrNull(cell["id"]);
            if (string.IsNullOrEmpty(id))
            {
                Add("no cell id");
            }
            else if (ids.TryGetValue(id, out var earlier))
            {
                Add($"cell id \"{id}\" is also the id of cell {earlier}");
            }
            else
            {
                ids[id] = number;
            }

            if (type is not ("code" or "markdown" or "raw"))
            {
                Add($"cell_type is {(type is null ? Show(cell["cell_type"]) : Quote(type))}, expected \"code\", \"markdown\" or \"raw\"", blocks: true);
                continue;
            }
            if (NotebookJson.SourceText(cell) is not { } source)
            {
                Add($"{NotebookJson.MalformedSource}, not {Shorten(Show(cell["source"]))}", blocks: true);
                continue;
            }
            if (type != "code")
            {
                continue;
            }

            var language = StringOrNull(NotebookJson.At(cell, "metadata", "polyglot_notebook", "kernelName"));
            if (language != "csharp")
            {
                Add($"metadata.polyglot_notebook.kernelName is {Quote(language)}, expected \"csharp\"");
            }
            if (cell["outputs"] is JsonArray { Count: > 0 } outputs)
            {
                Add($"has {outputs.Count} stored output(s); notebooks are committed without outputs (run clean)");
            }
            if (cell["execution_count"] is JsonNode count)
            {
                Add($"has a stored execution count {Show(count)}; notebooks are committed without them (run clean)");
            }
            foreach (var problem in ReferenceConventions.Check(source, folder))
            {
                Add(problem.Message, problem.Line);
            }
        }
        return problems;
    }

    private static int? IntOrNull(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : null;

    private static string? StringOrNull(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string Show(JsonNode? node) => node is null ? "missing" : node.ToJsonString();

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string Quote(string? value) => value is null ? "missing" : $"\"{value}\"";
}
