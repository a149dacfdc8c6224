using Neurons.Workbook.Notebooks;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Neurons.Workbook.Running;
using static Neurons.Workbook.Tests.TestNotebooks;

namespace Neurons.Workbook.Tests;

/// <summary>
/// The runner on the real C# kernel (an engine process per notebook): what each kind of cell
/// leaves in the executed notebook, mapped as dotnet-interactive's Jupyter front maps it, and how
/// each kind of failure stops the run with the notebook, cell and line named.
/// </summary>
public sealed class RunnerTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Type(JsonNode? output) => output!["output_type"]!.GetValue<string>();

    [Fact]
    public async Task Values_console_writes_and_displays_become_nbformat_outputs_as_the_kernel_produces_them()
    {
        var path = _folder.Notebook("kinds.ipynb",
            "md:# Title",
            "var x = 41;",
            "x + 1",
            "Console.Write(\"a\"); Console.WriteLine(\"b\"); Console.Error.WriteLine(\"warn\"); \"done\"",
            "display(\"first\");\ndisplay(1.5);",
            "using System.Globalization;\n$\"{CultureInfo.CurrentCulture.Name}|{1.5}|{DateTime.MinValue.ToString(\"d\")}\"",
            "\"<b>not html</b>\"",
            "string? nothing = null;\nnothing");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Equal(7, result.Cells.Count);
        Assert.Empty(Outputs(result, 2));
        var value = Assert.Single(Outputs(result, 3));
        Assert.Equal("execute_result", Type(value));
        Assert.Equal(2, value!["execution_count"]!.GetValue<int>());
        Assert.Equal(2, result.Notebook["cells"]![2]!["execution_count"]!.GetValue<int>());
        // The kernel shows a number as HTML: <div class="dni-plaintext"><pre>42</pre></div>.
        Assert.Contains("<pre>42</pre>", value["data"]!["text/html"]!.GetValue<string>());
        Assert.Equal("42", Text(value));

        var console = Outputs(result, 4);
        Assert.Equal(["stream", "stream", "execute_result"], console.Select(Type).ToArray());
        Assert.Equal(("stdout", "ab\n"), (console[0]!["name"]!.GetValue<string>(), console[0]!["text"]!.GetValue<string>()));
        Assert.Equal(("stderr", "warn\n"), (console[1]!["name"]!.GetValue<string>(), console[1]!["text"]!.GetValue<string>()));
        Assert.Equal("done", Text(console[2]));

        var displays = Outputs(result, 5);
        Assert.Equal(["display_data", "display_data"], displays.Select(Type).ToArray());
        Assert.Equal("first", Text(displays[0]));
        Assert.Equal("1.5", Text(displays[1]));

        Assert.Equal("|1.5|01/01/0001", Text(Assert.Single(Outputs(result, 6))));
        var notHtml = Assert.Single(Outputs(result, 7))!;
        Assert.Equal("<b>not html</b>", notHtml["data"]!["text/plain"]!.GetValue<string>());
        Assert.Null(notHtml["data"]!["text/html"]);
        // A warning is shown on stderr before the value, as the kernel's Jupyter front shows diagnostics.
        var warned = Outputs(result, 8);
        Assert.Equal(["stream", "execute_result"], warned.Select(Type).ToArray());
        Assert.Contains("warning CS8632", warned[0]!["text"]!.GetValue<string>());
        Assert.Equal("<null>", Text(warned[1]));
    }

    [Fact]
    public async Task A_compile_error_names_notebook_cell_and_line_shows_the_diagnostics_and_stops_the_run()
    {
        var path = _folder.Notebook("compile.ipynb", "var ok = 1;", "md:text", "var a = 1;\nvar b = missing + a;", "var never = 2;");

        var result = await RunAsync(path);

        Assert.Equal(FailureKind.Compilation, result.Failure!.Kind);
        Assert.Equal("compile.ipynb, cell 3 (code cell 2), line 2: error CS0103: The name 'missing' does not exist in the current context", result.Failure.Message);
        var outputs = Outputs(result, 3);
        Assert.Equal(["stream", "error"], outputs.Select(Type).ToArray());
        Assert.Contains("(2,9): error CS0103", outputs[0]!["text"]!.GetValue<string>());
        Assert.Equal("compilation error", outputs[1]!["evalue"]!.GetValue<string>());
        Assert.Null(result.Notebook["cells"]![3]!["execution_count"]);
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public async Task An_exception_names_its_type_and_message_and_keeps_the_output_before_it()
    {
        var path = _folder.Notebook("throws.ipynb",
            "Console.WriteLine(\"before\");\nthrow new InvalidOperationException(\"the weights are NaN\");");

        var result = await RunAsync(path);

        Assert.Equal(FailureKind.Exception, result.Failure!.Kind);
        Assert.StartsWith("throws.ipynb, cell 1 (code cell 1)", result.Failure.Message);
        Assert.EndsWith("System.InvalidOperationException: the weights are NaN", result.Failure.Message);
        var outputs = Outputs(result, 1);
        Assert.Equal(["stream", "error"], outputs.Select(Type).ToArray());
        Assert.Equal("before\n", outputs[0]!["text"]!.GetValue<string>());
        Assert.Contains("the weights are NaN", outputs[1]!["evalue"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_package_the_feed_does_not_have_fails_the_cell_with_the_kernels_message_naming_it()
    {
        var path = _folder.Notebook("package.ipynb", "#r \"nuget: Neurons.NoSuchPackage.Anywhere, 9.9.9\"");

        var result = await RunAsync(path);

        Assert.NotNull(result.Failure);
        Assert.StartsWith("package.ipynb, cell 1 (code cell 1)", result.Failure!.Message);
        Assert.Contains("Neurons.NoSuchPackage.Anywhere", result.Failure.Message + string.Concat(Outputs(result, 1).Select(o => o!.ToJsonString())));
    }

    [Fact]
    public async Task The_kernels_magics_work_and_references_resolve_against_the_notebooks_folder()
    {
        EmitLibrary(Path.Combine(_folder.Path, "lib", "Greeting.dll"), "public static class Greeting { public static string Hello => \"hello from a dll\"; }");
        var path = _folder.Notebook("magic.ipynb",
            "#!time\nSystem.Threading.Thread.Sleep(50);",
            "#r \"lib/Greeting.dll\"\nGreeting.Hello",
            "Environment.CurrentDirectory");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Matches(@"^Wall time: \d+(\.\d+)?ms$", Text(Assert.Single(Outputs(result, 1))));
        Assert.Equal("hello from a dll", Text(Assert.Single(Outputs(result, 2))));
        Assert.Equal(_folder.Path, Text(Assert.Single(Outputs(result, 3))));
    }

    [Fact]
    public async Task A_cell_that_cannot_run_is_named_before_any_cell_runs_or_any_engine_starts()
    {
        var notebook = Build("var fine = 1;", "var never = 2;", "md:prose");
        notebook["cells"]![1]!["source"] = 42;
        var path = Path.Combine(_folder.Path, "bad-source.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        var heading = Build("var fine = 1;", "md:# Title");
        heading["cells"]![1]!["cell_type"] = "heading";
        var headingPath = Path.Combine(_folder.Path, "heading.ipynb");
        File.WriteAllText(headingPath, heading.ToJsonString());

        var result = await RunAsync(path);
        var headed = await RunAsync(headingPath);

        Assert.Equal(FailureKind.Notebook, result.Failure!.Kind);
        Assert.Equal($"bad-source.ipynb, cell 2 (code cell 2): {NotebookJson.MalformedSource}, not 42", result.Failure.Message);
        Assert.Empty(result.Cells);
        Assert.Equal(TimeSpan.Zero, result.EngineStart);
        Assert.Equal(FailureKind.Notebook, headed.Failure!.Kind);
        Assert.StartsWith("heading.ipynb, cell 2: cell_type is \"heading\"", headed.Failure.Message);
        Assert.Empty(headed.Cells);
    }

    [Fact]
    public async Task A_cell_past_the_time_limit_is_reported_as_timed_out_and_its_engine_is_stopped()
    {
        var path = _folder.Notebook("slow.ipynb", "while (true) { }", "var never = 1;");
        var watch = Stopwatch.StartNew();

        var result = await RunAsync(path, timeoutSeconds: 3);

        Assert.Equal(FailureKind.Timeout, result.Failure!.Kind);
        Assert.Equal("slow.ipynb, cell 1 (code cell 1): timed out after 3 s (the limit is set with --timeout); the engine was stopped and the run ended", result.Failure.Message);
        Assert.Equal(CellStatus.TimedOut, Assert.Single(result.Cells).Status);
        Assert.Equal("TimeoutError", Assert.Single(Outputs(result, 1))!["ename"]!.GetValue<string>());
        // The run ended (it did not wait for the endless loop, which only the engine's death stops).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"the run took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("Environment.Exit(3);", "exit code 3")]
    [InlineData("new System.Threading.Thread(() => throw new InvalidOperationException(\"background\")).Start();\nSystem.Threading.Thread.Sleep(5000);", "background")]
    [InlineData("int Down(int n) => Down(n + 1) + 1;\nDown(0)", "exit code")]
    public async Task A_cell_that_ends_its_engine_is_that_cells_failure(string cell, string named)
    {
        var path = _folder.Notebook("ends.ipynb", "var fine = 1;", cell, "var never = 2;");

        var result = await RunAsync(path);

        Assert.Equal(FailureKind.Engine, result.Failure!.Kind);
        Assert.StartsWith("ends.ipynb, cell 2 (code cell 2): the engine process ended", result.Failure.Message);
        Assert.Contains(named, result.Failure.Message);
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public async Task A_cell_that_exhausts_the_engines_memory_is_that_cells_failure_and_the_run_ends()
    {
        var path = _folder.Notebook("memory.ipynb", "var fine = 1;",
            "var hoard = new List<byte[]>();\nwhile (true) hoard.Add(new byte[10_000_000]);", "var never = 2;");

        var result = await NotebookRunner.RunAsync(path, new RunOptions { EngineHeapLimitBytes = 400_000_000 });

        Assert.NotNull(result.Failure);
        Assert.StartsWith("memory.ipynb, cell 2 (code cell 2)", result.Failure!.Message);
        Assert.Contains("OutOfMemory", result.Failure.Message + string.Concat(Outputs(result, 2).Select(o => o!.ToJsonString())));
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public async Task A_foreground_thread_left_running_does_not_keep_the_run_from_ending()
    {
        var path = _folder.Notebook("thread.ipynb", "new System.Threading.Thread(() => System.Threading.Thread.Sleep(-1)) { IsBackground = false }.Start();", "1");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public async Task A_cell_reading_the_console_gets_the_end_of_input_and_never_the_engines_protocol()
    {
        // The engine's own stdin carries the kernel protocol: a cell that read it would steal the
        // next command and stall the run. It reads the end of input, as with its stdin closed.
        var path = _folder.Notebook("reads.ipynb",
            "Console.ReadLine() ?? \"end of input\"",
            "$\"{Console.Read()} {Console.In.ReadToEnd().Length}\"",
            "\"the run goes on\"");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        Assert.Equal(["end of input", "-1 0", "the run goes on"], result.Cells.Select(c => c.OutputText.Trim()));
    }

    [Fact]
    public async Task A_notebook_without_code_cells_runs_without_starting_an_engine()
    {
        var path = _folder.Notebook("prose.ipynb", "md:# Only prose", "md:and more prose");

        var result = await RunAsync(path);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Cells);
        Assert.Equal(TimeSpan.Zero, result.EngineStart);
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_a_failure_naming_the_file()
    {
        var path = _folder.WriteFile("broken.ipynb", "{ not json");

        var result = await RunAsync(path);

        Assert.Equal(FailureKind.Notebook, result.Failure!.Kind);
        Assert.StartsWith("broken.ipynb: not valid JSON: ", result.Failure.Message);
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
