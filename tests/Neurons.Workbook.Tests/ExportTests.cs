using System.Diagnostics;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Running;

namespace Neurons.Workbook.Tests;

/// <summary>Export, and the promise that no command but clean writes to notebooks/, on a small repository of fixtures.</summary>
public sealed class ExportTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TestFolder _folder = new();

    public ExportTests()
    {
        _folder.WriteFile(Workspace.SolutionFile, "");
    }

    public void Dispose() => _folder.Dispose();

    private string Root => _folder.Path;

    private void GoodChapters()
    {
        _folder.Notebook("notebooks/01-first.ipynb",
            "md:# First\n\nThe weight $w$ times the input.",
            "#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nusing Plotly.NET.CSharp;",
            "Console.WriteLine(\"<script>alert(1)</script>\");\ndisplay(0.5 * 3);",
            "Chart.Line<double, double, string>(x: new[] { 0.0, 1.0 }, y: new[] { 1.0, 0.25 }, Name: \"error\")");
        _folder.Notebook("notebooks/02-second.ipynb", "md:# Second", "var w = 2.0;\nw * 3");
    }

    [Fact]
    public async Task Export_writes_executed_notebooks_that_pass_the_nbformat_validator()
    {
        GoodChapters();
        var outDir = Path.Combine(Root, "out");

        var code = await ExportCommand.ExecuteAsync(Root, outDir, Timeout, CancellationToken.None);

        Assert.Equal(0, code);
        foreach (var name in new[] { "01-first.ipynb", "02-second.ipynb" })
        {
            var (exit, errors) = Validate(Path.Combine(outDir, "notebooks", name));
            Assert.True(exit == 0, $"{name}: {errors}");
        }
        Assert.Contains("\"output_type\": \"execute_result\"", File.ReadAllText(Path.Combine(outDir, "notebooks", "02-second.ipynb")));
        Assert.True(File.Exists(Path.Combine(outDir, "index.html")));
    }

    [Fact]
    public void The_validator_used_above_rejects_an_invalid_output()
    {
        // An execute_result without execution_count and metadata breaks nbformat 4.5.
        var notebook = TestNotebooks.Build("1");
        notebook["cells"]![0]!["outputs"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["output_type"] = "execute_result", ["data"] = new System.Text.Json.Nodes.JsonObject() });
        var path = _folder.WriteFile("invalid.ipynb", Notebooks.NotebookJson.Serialize(notebook));

        var (exit, _) = Validate(path);

        Assert.NotEqual(0, exit);
    }

    [Fact]
    public async Task Two_exports_of_the_same_sources_are_byte_identical()
    {
        GoodChapters();
        var first = Path.Combine(Root, "first");
        var second = Path.Combine(Root, "second");

        Assert.Equal(0, await ExportCommand.ExecuteAsync(Root, first, Timeout, CancellationToken.None));
        Assert.Equal(0, await ExportCommand.ExecuteAsync(Root, second, Timeout, CancellationToken.None));

        var firstFiles = Snapshot(first);
        var secondFiles = Snapshot(second);
        Assert.Equal(firstFiles.Keys, secondFiles.Keys);
        Assert.Contains(Path.Combine("notebooks", "01-first.ipynb"), firstFiles.Keys);
        foreach (var (file, bytes) in firstFiles)
        {
            Assert.True(bytes.SequenceEqual(secondFiles[file]), $"{file} differs between two exports");
        }
    }

    [Fact]
    public async Task A_failing_chapter_stops_the_export_before_any_file_is_written()
    {
        GoodChapters();
        _folder.Notebook("notebooks/03-broken.ipynb", "var a = 1;", "a.NoSuchMember()");
        var outDir = Path.Combine(Root, "out");

        var code = await ExportCommand.ExecuteAsync(Root, outDir, Timeout, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.False(Directory.Exists(outDir), "a failed export created its output folder");
    }

    [Fact]
    public async Task Export_refuses_to_write_into_the_notebooks_folder()
    {
        GoodChapters();
        var inside = Path.Combine(Root, "notebooks", "site");

        var error = await Assert.ThrowsAsync<UsageException>(() => ExportCommand.ExecuteAsync(Root, inside, Timeout, CancellationToken.None));

        Assert.Equal($"--out {inside} is inside the notebooks folder {Path.Combine(Root, "notebooks")}; export never writes there", error.Message);
        Assert.False(Directory.Exists(inside));
    }

    [Fact]
    public async Task Run_check_and_export_leave_the_notebooks_folder_byte_for_byte_as_it_was()
    {
        GoodChapters();
        // A notebook with stored outputs: check reports it, and only clean may remove them.
        var dirty = TestNotebooks.Build("md:# Dirty", "1 + 1");
        dirty["cells"]![1]!["execution_count"] = 1;
        _folder.WriteFile("notebooks/04-dirty.ipynb", Notebooks.NotebookJson.Serialize(dirty));
        var before = Snapshot(Path.Combine(Root, "notebooks"));

        var run = await RunCommand.ExecuteAsync(Root, [], Timeout, showOutputs: false, CancellationToken.None);
        var check = CheckCommand.Execute(Root, []);
        var export = await ExportCommand.ExecuteAsync(Root, Path.Combine(Root, "out"), Timeout, CancellationToken.None);

        Assert.Equal((0, 1, 0), (run, check, export));
        var after = Snapshot(Path.Combine(Root, "notebooks"));
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (file, bytes) in before)
        {
            Assert.True(bytes.SequenceEqual(after[file]), $"{file} was modified");
        }
    }

    [Fact]
    public async Task Run_exits_non_zero_on_the_first_failing_cell()
    {
        _folder.Notebook("notebooks/01-fails.ipynb", "throw new Exception(\"stop\");");
        _folder.Notebook("notebooks/02-fine.ipynb", "1");

        var code = await RunCommand.ExecuteAsync(Root, [], Timeout, showOutputs: false, CancellationToken.None);

        Assert.Equal(1, code);
    }

    private static SortedDictionary<string, byte[]> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>nbformat's reference validator (Debian's python3-nbformat, installed by .ci/run).</summary>
    private static (int Exit, string Errors) Validate(string notebook)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))");
        start.ArgumentList.Add(notebook);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, errors);
    }
}
