using System.Text.Json.Nodes;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Tests;

public sealed class CheckTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_notebook_that_follows_the_conventions_has_no_problems()
    {
        var path = _folder.Notebook("good.ipynb", "md:# Title", "#!csharp\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nvar a = 1;");

        Assert.Empty(NotebookChecker.Check(path));
    }

    [Fact]
    public void Every_departure_is_reported_with_notebook_cell_and_what_is_wrong()
    {
        var notebook = TestNotebooks.Build(
            "md:# Title",
            "#r \"nuget: Newtonsoft.Json\"\n#r \"lib/Missing.dll\"\n#!fsharp",
            "var a = 1;",
            "var b = 2;",
            "md:the end");
        notebook["nbformat_minor"] = 4;
        notebook["metadata"]!["kernelspec"]!["name"] = "python3";
        notebook["metadata"]!["polyglot_notebook"]!.AsObject().Remove("kernelInfo");
        var cells = notebook["cells"]!.AsArray();
        cells[2]!["metadata"]!["polyglot_notebook"]!["kernelName"] = "fsharp";
        cells[2]!["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "1" });
        cells[2]!["execution_count"] = 3;
        cells[3]!["id"] = "cell-1";
        cells[4]!.AsObject().Remove("id");
        var path = Path.Combine(_folder.Path, "bad.ipynb");
        File.WriteAllText(path, NotebookJson.Serialize(notebook));
        var missing = Path.Combine(_folder.Path, "lib", "Missing.dll");

        var problems = NotebookChecker.Check(path).Select(p => p.Message).ToArray();

        Assert.Equal(
        [
            "bad.ipynb: nbformat is 4.4, expected 4.5",
            "bad.ipynb: metadata.kernelspec.name is \"python3\", expected \".net-csharp\" (or \"neurons-csharp\", the workbook's Jupyter kernel)",
            "bad.ipynb: metadata.polyglot_notebook.kernelInfo.defaultKernelName is missing, expected \"csharp\"",
            "bad.ipynb, cell 2 (code cell 1), line 1: package Newtonsoft.Json has no pinned version (write #r \"nuget: Newtonsoft.Json, VERSION\")",
            $"bad.ipynb, cell 2 (code cell 1), line 2: #r \"lib/Missing.dll\": no such file {missing}",
            "bad.ipynb, cell 2 (code cell 1), line 3: \"#!fsharp\" switches to a kernel the workbook's engine does not host; it runs C# only",
            "bad.ipynb, cell 3 (code cell 2): metadata.polyglot_notebook.kernelName is \"fsharp\", expected \"csharp\"",
            "bad.ipynb, cell 3 (code cell 2): has 1 stored output(s); notebooks are committed without outputs (run clean)",
            "bad.ipynb, cell 3 (code cell 2): has a stored execution count 3; notebooks are committed without them (run clean)",
            "bad.ipynb, cell 4 (code cell 3): cell id \"cell-1\" is also the id of cell 1",
            "bad.ipynb, cell 5 (markdown): no cell id",
        ], problems);
    }

    [Fact]
    public void Metadata_or_a_source_of_the_wrong_shape_is_reported_not_thrown()
    {
        var notebook = TestNotebooks.Build("md:# Title", "var a = 1;", "var b = 2;");
        notebook["metadata"] = new JsonArray(1, 2);
        var cells = notebook["cells"]!.AsArray();
        cells[0]!["source"] = new JsonArray("# Title", 7);
        cells[1]!["metadata"] = "csharp";
        cells[2]!["source"] = 42;
        var path = Path.Combine(_folder.Path, "shapes.ipynb");
        File.WriteAllText(path, NotebookJson.Serialize(notebook));

        var problems = NotebookChecker.Check(path).Select(p => p.Message).ToArray();

        Assert.Equal(
        [
            "shapes.ipynb: metadata.kernelspec.name is missing, expected \".net-csharp\" (or \"neurons-csharp\", the workbook's Jupyter kernel)",
            "shapes.ipynb: metadata.polyglot_notebook.kernelInfo.defaultKernelName is missing, expected \"csharp\"",
            "shapes.ipynb, cell 1 (markdown): \"source\" must be a string or a list of strings, not [\"# Title\",7]",
            "shapes.ipynb, cell 2 (code cell 1): metadata.polyglot_notebook.kernelName is missing, expected \"csharp\"",
            "shapes.ipynb, cell 3 (code cell 2): \"source\" must be a string or a list of strings, not 42",
        ], problems);
    }

    [Fact]
    public void A_string_escaping_half_a_surrogate_pair_is_reported_by_check_and_refused_by_clean()
    {
        // Found by MutationTests: JSON's grammar allows "\ud800", .NET cannot read it as text, and check threw.
        var path = _folder.WriteFile("half.ipynb", "{\"cells\": [\"\\ud800\"], \"metadata\": {}}");

        var problem = Assert.Single(NotebookChecker.Check(path));
        var error = Assert.Throws<NotebookException>(() => NotebookCleaner.Clean(path));

        Assert.StartsWith("half.ipynb: not valid JSON text: ", problem.Message);
        Assert.EndsWith("(a \\u escape names half of a UTF-16 surrogate pair)", problem.Message);
        Assert.Equal(problem.Message, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_is_reported_by_name()
    {
        var path = _folder.WriteFile("text.ipynb", "not json at all");

        var problem = Assert.Single(NotebookChecker.Check(path));

        Assert.StartsWith("text.ipynb: not valid JSON: ", problem.Message);
    }

    [Fact]
    public void Broken_json_is_reported_on_one_short_line_with_its_place_however_much_text_the_parser_quotes()
    {
        // A closing quote cut away: the parser's token runs on over many lines of the cell after it.
        var lines = string.Concat(Enumerable.Range(0, 200).Select(i => $"   \"line {i} of a long cell\\n\",\n"));
        var path = _folder.WriteFile("cut.ipynb", "{\n \"cells\": [\n  {\n   \"source\": [\n    \"starts\" \"x\n" + lines + "   ]\n  }\n ]\n}\n");

        var problem = Assert.Single(NotebookChecker.Check(path));

        Assert.StartsWith("cut.ipynb: not valid JSON: ", problem.Message);
        Assert.DoesNotContain('\n', problem.Message);
        Assert.InRange(problem.Message.Length, 40, 260);
        Assert.EndsWith("(line 5, byte 14)", problem.Message);
    }

    [Fact]
    public void Every_committed_notebook_passes_check()
    {
        var problems = Workspace.DefaultNotebooks(Repository.Root).SelectMany(NotebookChecker.Check).Select(p => p.Message);

        Assert.Empty(problems);
    }
}
