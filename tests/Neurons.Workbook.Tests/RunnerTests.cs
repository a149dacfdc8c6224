using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Running;
using static Neurons.Workbook.Tests.TestNotebooks;

namespace Neurons.Workbook.Tests;

public sealed class RunnerTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task State_carries_from_cell_to_cell_and_the_trailing_expression_is_the_result()
    {
        var path = _folder.Notebook("state.ipynb", "md:# Title", "var x = 41;", "x + 1");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Empty(Outputs(result, 2));
        var output = Assert.Single(Outputs(result, 3));
        Assert.Equal("execute_result", output!["output_type"]!.GetValue<string>());
        Assert.Equal(2, output["execution_count"]!.GetValue<int>());
        Assert.Equal("42", Text(output));
        Assert.Equal(2, result.Notebook["cells"]![2]!["execution_count"]!.GetValue<int>());
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public async Task A_trailing_null_shows_as_null_and_a_statement_or_void_call_shows_nothing()
    {
        var path = _folder.Notebook("null.ipynb",
            "string? nothing = null;\nnothing",
            "var copy = nothing;",
            "Console.Write(\"void\")",
            "(object?)null ?? 3");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        var shown = Assert.Single(Outputs(result, 1));
        Assert.Equal("execute_result", shown!["output_type"]!.GetValue<string>());
        Assert.Equal("<null>", Text(shown));
        Assert.Empty(Outputs(result, 2));
        var printed = Assert.Single(Outputs(result, 3));
        Assert.Equal("stream", printed!["output_type"]!.GetValue<string>());
        Assert.Equal("3", Text(Assert.Single(Outputs(result, 4))));
    }

    [Fact]
    public async Task Each_cell_reports_the_time_it_spent_compiling_and_running()
    {
        var path = _folder.Notebook("times.ipynb", "System.Threading.Thread.Sleep(300);", "1 + 1");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        // Lower bounds only: a sleep lasts at least as long as asked, however busy the machine.
        Assert.True(result.Cells[0].RunTime >= TimeSpan.FromMilliseconds(250), $"run time {result.Cells[0].RunTime}");
        Assert.All(result.Cells, cell => Assert.True(cell.CompileTime > TimeSpan.Zero, $"cell {cell.CellNumber}: compile time {cell.CompileTime}"));
    }

    [Fact]
    public async Task Default_imports_and_latest_language_version_match_the_kernel()
    {
        var path = _folder.Notebook("imports.ipynb",
            "int[] numbers = [1, 2, 3];\n" +
            "var text = new StringBuilder().Append(numbers.Sum()).ToString();\n" +
            "var list = new List<string> { text };\n" +
            "ArrayList legacy = [];\n" +
            "await Task.Yield();\n" +
            "list[0]");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Equal("6", Text(Assert.Single(Outputs(result, 1))));
    }

    [Fact]
    public async Task Console_output_and_displayed_values_keep_their_order()
    {
        var path = _folder.Notebook("console.ipynb",
            "Console.WriteLine(\"first\");\nConsole.Error.WriteLine(\"warning\");\ndisplay(7);\nConsole.Write(\"last\");\n\"result\"");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        var expected = new JsonArray(
            new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "first\n" },
            new JsonObject { ["output_type"] = "stream", ["name"] = "stderr", ["text"] = "warning\n" },
            new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/plain"] = "7" }, ["metadata"] = new JsonObject() },
            new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "last" },
            new JsonObject { ["output_type"] = "execute_result", ["execution_count"] = 1, ["data"] = new JsonObject { ["text/plain"] = "result" }, ["metadata"] = new JsonObject() });
        Assert.Equal(expected.ToJsonString(), Outputs(result, 1).ToJsonString());
    }

    [Fact]
    public async Task A_sequence_shows_its_first_items_and_other_values_their_text()
    {
        var path = _folder.Notebook("values.ipynb",
            "record Weights(double W0, double W1);",
            "new[] { 1.5, 2.0 }",
            "Enumerable.Range(0, 25)",
            "new List<int>()",
            "new Weights(0.5, -1)",
            "new List<int[]> { new[] { 1, 2 } }");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Equal("[ 1.5, 2 ]", Text(Assert.Single(Outputs(result, 2))));
        Assert.Equal("[ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, ... (more) ]", Text(Assert.Single(Outputs(result, 3))));
        Assert.Equal("[ ]", Text(Assert.Single(Outputs(result, 4))));
        Assert.Equal("Weights { W0 = 0.5, W1 = -1 }", Text(Assert.Single(Outputs(result, 5))));
        Assert.Equal("[ [ 1, 2 ] ]", Text(Assert.Single(Outputs(result, 6))));
    }

    [Fact]
    public async Task Numbers_print_the_same_whatever_the_machines_culture()
    {
        var path = _folder.Notebook("culture.ipynb", "Console.WriteLine(0.25);\n(1234.5).ToString(\"N1\")");
        var before = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("0,25", 0.25.ToString());

            var result = await RunAsync(path);

            Assert.Null(result.Failure);
            Assert.Equal("0.25\n", Outputs(result, 1)[0]!["text"]!.GetValue<string>());
            Assert.Equal("1,234.5", Text(Outputs(result, 1)[1]));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public async Task A_compile_error_names_notebook_cell_and_line_and_stops_the_run()
    {
        var path = _folder.Notebook("compile.ipynb", "md:Some prose", "var a = 1;", "var b = a;\nvar c = missing + 1;", "Console.WriteLine(\"never\");");

        var result = await RunAsync(path);

        Assert.Equal(
            "compile.ipynb, cell 3 (code cell 2), line 2: error CS0103: The name 'missing' does not exist in the current context",
            result.Failure?.Message);
        Assert.Equal(FailureKind.Compilation, result.Failure!.Kind);
        var error = Assert.Single(Outputs(result, 3));
        Assert.Equal("error", error!["output_type"]!.GetValue<string>());
        Assert.Equal("CompilationError", error["ename"]!.GetValue<string>());
        Assert.Empty(Outputs(result, 4));
        Assert.Null(result.Notebook["cells"]![3]!["execution_count"]);
    }

    [Fact]
    public async Task An_exception_names_the_line_that_threw_and_keeps_the_output_before_it()
    {
        var path = _folder.Notebook("throws.ipynb",
            "Console.WriteLine(\"before\");\n\nthrow new InvalidOperationException(\"the weights diverged\");");

        var result = await RunAsync(path);

        Assert.Equal(
            "throws.ipynb, cell 1 (code cell 1), line 3: System.InvalidOperationException: the weights diverged",
            result.Failure?.Message);
        var outputs = Outputs(result, 1);
        Assert.Equal("before\n", outputs[0]!["text"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", outputs[1]!["ename"]!.GetValue<string>());
        Assert.Equal("the weights diverged", outputs[1]!["evalue"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_package_the_runner_does_not_carry_is_refused_by_name_and_version()
    {
        var other = _folder.Notebook("other.ipynb", "md:x", "#r \"nuget: Newtonsoft.Json, 13.0.3\"");
        var version = _folder.Notebook("version.ipynb", "#!csharp\n#r \"nuget: Plotly.NET.CSharp, 0.13.1\"");

        var otherResult = await RunAsync(other);
        var versionResult = await RunAsync(version);

        Assert.Equal(
            "other.ipynb, cell 2 (code cell 1), line 1: package Newtonsoft.Json 13.0.3 is not carried by the runner; " +
            "it carries only Plotly.NET.Interactive 6.0.0 and Plotly.NET.CSharp 0.14.0",
            otherResult.Failure?.Message);
        Assert.Equal(
            "version.ipynb, cell 1 (code cell 1), line 2: package Plotly.NET.CSharp 0.13.1 is not carried by the runner; " +
            "it carries only Plotly.NET.Interactive 6.0.0 and Plotly.NET.CSharp 0.14.0",
            versionResult.Failure?.Message);
    }

    [Fact]
    public async Task An_unknown_magic_command_is_refused_by_name()
    {
        var path = _folder.Notebook("magic.ipynb", "#!csharp\nvar a = 1;", "#!fsharp\nlet a = 1");

        var result = await RunAsync(path);

        Assert.Equal(
            "magic.ipynb, cell 2 (code cell 2), line 1: unknown magic command \"#!fsharp\" (the runner accepts only #!csharp)",
            result.Failure?.Message);
        Assert.Equal(FailureKind.Directive, result.Failure!.Kind);
    }

    [Fact]
    public async Task A_source_that_is_not_text_stops_the_run_at_that_cell()
    {
        var notebook = Build("var a = 1;", "a + 1", "a + 2");
        notebook["cells"]![1]!["source"] = new JsonArray("a + ", 1);
        var path = _folder.WriteFile("shape.ipynb", NotebookJson.Serialize(notebook));

        var result = await RunAsync(path);

        Assert.Equal("shape.ipynb, cell 2 (code cell 2): \"source\" must be a string or a list of strings", result.Failure?.Message);
        Assert.Equal(FailureKind.Notebook, result.Failure!.Kind);
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public async Task Directive_lines_are_blanked_so_errors_keep_the_cells_line_numbers()
    {
        var path = _folder.Notebook("lines.ipynb",
            "#!csharp\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n\nvar ok = 1;\nnotDefined");

        var result = await RunAsync(path);

        Assert.Equal(
            "lines.ipynb, cell 1 (code cell 1), line 5: error CS0103: The name 'notDefined' does not exist in the current context",
            result.Failure?.Message);
    }

    [Fact]
    public async Task A_dll_reference_resolves_against_the_notebooks_folder()
    {
        EmitLibrary(Path.Combine(_folder.Path, "chapters", "lib", "Tiny.dll"),
            "namespace Tiny; public static class Greeter { public static string Hello() => \"hello from Tiny\"; }");
        var path = _folder.Notebook(Path.Combine("chapters", "uses-dll.ipynb"), "#r \"lib/Tiny.dll\"", "Tiny.Greeter.Hello()");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Equal("hello from Tiny", Text(Assert.Single(Outputs(result, 2))));
    }

    [Fact]
    public async Task A_dll_reference_that_does_not_resolve_names_the_path()
    {
        var path = _folder.Notebook("missing-dll.ipynb", "var a = 1;\n#r \"../bin/Nothing.dll\"");
        var expectedFile = Path.GetFullPath(Path.Combine(_folder.Path, "..", "bin", "Nothing.dll"));

        var result = await RunAsync(path);

        Assert.Equal(
            $"missing-dll.ipynb, cell 1 (code cell 1), line 2: #r \"../bin/Nothing.dll\": no such file {expectedFile}",
            result.Failure?.Message);
    }

    [Fact]
    public async Task Cells_run_in_the_notebooks_folder_as_the_kernel_does()
    {
        _folder.WriteFile("data/points.csv", "1,2\n3,4\n");
        var path = _folder.Notebook("data.ipynb", "System.IO.File.ReadAllLines(\"data/points.csv\").Length");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Equal("2", Text(Assert.Single(Outputs(result, 1))));
    }

    [Fact]
    public async Task A_cell_past_the_time_limit_is_reported_as_timed_out()
    {
        // The limit covers compiling and running the cell, so one slow cell is the whole fixture.
        var path = _folder.Notebook("slow.ipynb", "md:# Slow", "System.Threading.Thread.Sleep(30_000);", "var never = 1;");

        var result = await NotebookRunner.RunAsync(path, new RunOptions { CellTimeout = TimeSpan.FromSeconds(2) });

        Assert.Equal(
            "slow.ipynb, cell 2 (code cell 1): timed out after 2 s (the limit is set with --timeout); the cell was abandoned and the run stopped",
            result.Failure?.Message);
        Assert.Equal(CellStatus.TimedOut, Assert.Single(result.Cells).Status);
        Assert.Equal("TimeoutError", Outputs(result, 2)[0]!["ename"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_a_failure_naming_the_file()
    {
        var path = _folder.WriteFile("broken.ipynb", "{ \"cells\": [");

        var result = await RunAsync(path);

        Assert.Equal(FailureKind.Notebook, result.Failure?.Kind);
        Assert.StartsWith("broken.ipynb: not valid JSON: ", result.Failure!.Message);
    }

    internal static void EmitLibrary(string path, string source)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var name = Path.GetFileNameWithoutExtension(path);
        var references = Directory.EnumerateFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll")
            .Append(typeof(object).Assembly.Location)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}

public sealed class LibraryReferenceTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_first_cell_like_the_chapters_loads_the_library_into_the_script_only()
    {
        var library = Path.Combine(Repository.Root, "artifacts", "bin", "Neurons", "debug", "Neurons.dll");
        Assert.True(File.Exists(library), $"build src/Neurons first: {library}");
        var relative = Path.GetRelativePath(_folder.Path, library).Replace('\\', '/');
        var path = _folder.Notebook("first-cell.ipynb",
            "#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n" +
            "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n" +
            $"#r \"{relative}\"\n" +
            "using Plotly.NET.CSharp;",
            "var neurons = System.Reflection.Assembly.Load(\"Neurons\");\n" +
            "var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == \"Neurons\").ToList();\n" +
            "var inDefault = System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == \"Neurons\");\n" +
            "$\"{loaded.Count > 0} {inDefault}\"");

        var result = await TestNotebooks.RunAsync(path);

        Assert.Null(result.Failure);
        // Loaded for the script, but never into the runner's own (default) context.
        Assert.Equal("True False", TestNotebooks.Text(Assert.Single(TestNotebooks.Outputs(result, 2))));
        Assert.DoesNotContain(System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Neurons");
    }
}
