using Neurons.Workbook.Commands;

namespace Neurons.Workbook.Tests;

/// <summary>The command line as a user meets it: the built runner in its own process.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public CliTests()
    {
        _folder.WriteFile(Workspace.SolutionFile, "");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Run_prints_a_line_per_cell_and_exits_non_zero_with_the_failure()
    {
        _folder.Notebook("notebooks/01-fails.ipynb", "md:# Fails", "Console.WriteLine(\"hidden\");", "var x = 1;\nx.Missing()", "1");

        var (exit, output, errors) = Cli("run");

        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.Matches(@"^01-fails\.ipynb  cell   2 \(code cell   1\) +\d+\.\d\d s  ok$", lines[0]);
        Assert.Matches(@"^01-fails\.ipynb  cell   3 \(code cell   2\) +\d+\.\d\d s  error$", lines[1]);
        Assert.DoesNotContain("hidden", output);
        Assert.Equal(
            "error: 01-fails.ipynb, cell 3 (code cell 2), line 2: error CS1061: 'int' does not contain a definition for 'Missing' " +
            "and no accessible extension method 'Missing' accepting a first argument of type 'int' could be found " +
            "(are you missing a using directive or an assembly reference?)\n",
            errors);
    }

    [Fact]
    public void Run_show_prints_each_cells_text_under_its_line()
    {
        _folder.Notebook("notebooks/01-shows.ipynb", "Console.WriteLine(\"weights: 0.5\");\n21 * 2");

        var (exit, output, _) = Cli("run", "--show");

        Assert.Equal(0, exit);
        Assert.Contains("  ok\n    weights: 0.5\n    42\n", output);
    }

    [Fact]
    public void Check_prints_each_problem_and_exits_non_zero()
    {
        var notebook = TestNotebooks.Build("#!fsharp");
        notebook["cells"]![0]!["execution_count"] = 7;
        _folder.WriteFile("notebooks/01-bad.ipynb", Notebooks.NotebookJson.Serialize(notebook));

        var (exit, output, errors) = Cli("check");

        Assert.Equal(1, exit);
        Assert.Equal(
            "01-bad.ipynb, cell 1 (code cell 1): has a stored execution count 7; notebooks are committed without them (run clean)\n" +
            "01-bad.ipynb, cell 1 (code cell 1), line 1: \"#!fsharp\" switches to a kernel the workbook's engine does not host; it runs C# only\n",
            errors);
        Assert.Equal("checked 1 notebook(s): 2 problem(s)\n", output);
    }

    [Theory]
    [InlineData("run", "-3")]
    [InlineData("run", "5000000")]
    [InlineData("run", "1e-300")]
    [InlineData("export", "1e-300")]
    [InlineData("run", "0.0009")]
    [InlineData("run", "NaN")]
    [InlineData("export", "Infinity")]
    public void A_bad_timeout_is_refused_with_its_value_before_anything_runs(string command, string value)
    {
        _folder.Notebook("notebooks/01-any.ipynb", "1");

        var (exit, output, errors) = Cli(command, "--timeout", value);

        Assert.Equal(2, exit);
        var shown = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"error: --timeout must be a number of seconds from 0.001 up to 4294967 (about 49 days), not {shown}\n", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_timeout_that_is_not_a_number_is_refused_naming_it()
    {
        _folder.Notebook("notebooks/01-any.ipynb", "1");

        var (exit, _, errors) = Cli("run", "--timeout", "soon");

        Assert.NotEqual(0, exit);
        Assert.Contains("'soon'", errors);
        Assert.Contains("--timeout", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("notebooks")]
    [InlineData(".")]
    [InlineData("a-file")]
    public void A_bad_out_is_refused_before_anything_runs(string value)
    {
        _folder.Notebook("notebooks/01-any.ipynb", "1");
        _folder.WriteFile("a-file", "mine");

        var (exit, output, errors) = Cli("export", "--out", value);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: --out ", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.Equal("", output);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_folder.Path, "a-file")));
    }

    [Fact]
    public void A_notebook_that_does_not_exist_is_named()
    {
        var (exit, _, errors) = Cli("run", "notebooks/99-missing.ipynb");

        Assert.Equal(2, exit);
        Assert.Equal("error: no such notebook: notebooks/99-missing.ipynb\n", errors);
    }

    /// <summary>Runs the built runner with the fixture repository as the current directory.</summary>
    private (int Exit, string Output, string Errors) Cli(params string[] arguments) => WorkbookCli.Run(_folder.Path, arguments);
}
