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
        Assert.Contains(ExportManifest.FileName, firstFiles.Keys);
        foreach (var (file, bytes) in firstFiles)
        {
            Assert.True(bytes.SequenceEqual(secondFiles[file]), $"{file} differs between two exports");
        }

        // Again over its own earlier output: the same files, the same bytes.
        Assert.Equal(0, await ExportCommand.ExecuteAsync(Root, first, Timeout, CancellationToken.None));
        var again = Snapshot(first);
        Assert.Equal(secondFiles.Keys, again.Keys);
        foreach (var (file, bytes) in secondFiles)
        {
            Assert.True(bytes.SequenceEqual(again[file]), $"{file} differs after exporting over an earlier export");
        }
    }

    private void SmallChapters()
    {
        _folder.Notebook("notebooks/01-a.ipynb", "md:# A", "1");
        _folder.Notebook("notebooks/02-b.ipynb", "md:# B", "2");
    }

    /// <summary>
    /// The write half of an export, of the notebooks as they are (no cell runs, which keeps these
    /// tests fast): which files an export keeps, replaces and deletes does not depend on the cells.
    /// </summary>
    private Task Export(string outDir)
    {
        var notebooks = Workspace.DefaultNotebooks(Root).Select(p => (Path.GetFileName(p), Notebooks.NotebookJson.Read(p))).ToList();
        ExportCommand.WriteFiles(outDir, ExportCommand.Render(notebooks), Path.Combine(Root, "notebooks"));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_next_export_deletes_the_files_of_a_chapter_no_longer_exported_and_keeps_the_users_own()
    {
        SmallChapters();
        var outDir = Path.Combine(Root, "out");
        var mine = _folder.WriteFile("out/notes.txt", "the teacher's notes");
        var mineInNotebooks = _folder.WriteFile("out/notebooks/my-draft.ipynb", "{}");
        await Export(outDir);
        Assert.True(File.Exists(Path.Combine(outDir, "02-b.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "notebooks", "02-b.ipynb")));

        File.Move(Path.Combine(Root, "notebooks", "02-b.ipynb"), Path.Combine(Root, "notebooks", "02-renamed.ipynb"));
        await Export(outDir);

        Assert.False(File.Exists(Path.Combine(outDir, "02-b.html")), "the renamed chapter's old page is still there");
        Assert.False(File.Exists(Path.Combine(outDir, "notebooks", "02-b.ipynb")), "the renamed chapter's old notebook is still there");
        Assert.True(File.Exists(Path.Combine(outDir, "02-renamed.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "notebooks", "02-renamed.ipynb")));
        Assert.Equal("the teacher's notes", File.ReadAllText(mine));
        Assert.Equal("{}", File.ReadAllText(mineInNotebooks));
        // The folder holds exactly what the manifest lists, the manifest itself, the writer's lock, and the user's two files;
        // each listed file with its SHA-256.
        var entries = ManifestEntries(outDir);
        foreach (var (path, hash) in entries)
        {
            Assert.Equal(Sha256(Path.Combine(outDir, path)), hash);
        }
        var listed = entries.Select(e => e.Path).ToList();
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        var expected = listed.Concat([ExportManifest.FileName, Neurons.Workbook.IO.StagedWrite.LockName, "notes.txt", "notebooks/my-draft.ipynb"]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Snapshot(outDir).Keys.Select(k => k.Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal));
        Assert.Contains("02-renamed.html", listed);
        Assert.Contains("assets/site.css", listed);
        Assert.DoesNotContain("notes.txt", listed);
    }

    [Fact]
    public async Task A_stale_file_goes_with_the_folders_it_leaves_empty_but_not_a_folder_the_user_still_uses()
    {
        SmallChapters();
        var outDir = Path.Combine(Root, "out");
        await Export(outDir);
        // As an earlier version of the export would have left them: an older asset in a folder of its own,
        // and one in a folder where the user has since put a file.
        var font = _folder.WriteFile("out/assets/old-katex/fonts/Old.woff2", "old font");
        var page = _folder.WriteFile("out/extra/old.html", "old page");
        var mine = _folder.WriteFile("out/extra/mine.txt", "mine");
        File.AppendAllText(Path.Combine(outDir, ExportManifest.FileName),
            $"{Sha256(font)}  assets/old-katex/fonts/Old.woff2\n{Sha256(page)}  extra/old.html\n");

        await Export(outDir);

        Assert.False(Directory.Exists(Path.Combine(outDir, "assets", "old-katex")), "the emptied asset folder is still there");
        Assert.True(File.Exists(Path.Combine(outDir, "assets", "site.css")));
        Assert.False(File.Exists(Path.Combine(outDir, "extra", "old.html")));
        Assert.Equal("mine", File.ReadAllText(mine));
        Assert.DoesNotContain("extra/old.html", ManifestEntries(outDir).Select(e => e.Path));
    }

    [Fact]
    public async Task A_stale_file_changed_since_the_export_wrote_it_is_kept_and_no_longer_listed()
    {
        SmallChapters();
        var outDir = Path.Combine(Root, "out");
        await Export(outDir);
        var page = Path.Combine(outDir, "02-b.html");
        File.AppendAllText(page, "<!-- the teacher's own note -->\n");
        var edited = File.ReadAllText(page);
        var notebook = Path.Combine(outDir, "notebooks", "02-b.ipynb");
        File.Delete(Path.Combine(Root, "notebooks", "02-b.ipynb"));

        await Export(outDir);

        Assert.Equal(edited, File.ReadAllText(page));
        Assert.False(File.Exists(notebook), "the unchanged notebook of the removed chapter is still there");
        var listed = ManifestEntries(outDir).Select(e => e.Path).ToList();
        Assert.DoesNotContain("02-b.html", listed);
        Assert.Contains("01-a.html", listed);
    }

    [Fact]
    public async Task Manifest_lines_that_lead_outside_the_folder_or_through_a_link_delete_nothing()
    {
        SmallChapters();
        var outDir = Path.Combine(Root, "out");
        await Export(outDir);
        var outside = _folder.WriteFile("outside.txt", "outside");
        var absolute = _folder.WriteFile("elsewhere/absolute.txt", "absolute");
        var linked = _folder.WriteFile("elsewhere/linked.txt", "linked");
        var inside = _folder.WriteFile("out/notes.txt", "notes");
        Directory.CreateSymbolicLink(Path.Combine(outDir, "link"), Path.Combine(Root, "elsewhere"));
        // Each with the right hash, so only the path keeps the file.
        File.AppendAllText(Path.Combine(outDir, ExportManifest.FileName), string.Concat(
            $"{Sha256(outside)}  ../outside.txt\n",
            $"{Sha256(absolute)}  {absolute}\n",
            $"{Sha256(absolute)}  //{absolute.TrimStart('/')}\n",
            $"{Sha256(linked)}  link/linked.txt\n",
            $"{Sha256(inside)}  notebooks/../notes.txt\n",
            $"{Sha256(inside)}  ./notes.txt\n"));

        await Export(outDir);

        Assert.Equal("outside", File.ReadAllText(outside));
        Assert.Equal("absolute", File.ReadAllText(absolute));
        Assert.Equal("linked", File.ReadAllText(linked));
        Assert.Equal("notes", File.ReadAllText(inside));
        Assert.True(Directory.Exists(Path.Combine(outDir, "link")));
        Assert.All(ManifestEntries(outDir), entry => Assert.DoesNotMatch(@"\.\.|notes|link|^/", entry.Path));
    }

    [Fact]
    public async Task A_failed_export_leaves_stale_files_and_the_manifest_as_they_were()
    {
        SmallChapters();
        var outDir = Path.Combine(Root, "out");
        await Export(outDir);
        _folder.WriteFile("out/notes.txt", "notes");
        File.Delete(Path.Combine(Root, "notebooks", "02-b.ipynb"));
        _folder.Notebook("notebooks/03-broken.ipynb", "var a = 1;", "a.NoSuchMember()");
        var before = Snapshot(outDir);
        Assert.Contains("02-b.html", before.Keys);
        Assert.Contains(ExportManifest.FileName, before.Keys);

        Assert.Equal(1, await ExportCommand.ExecuteAsync(Root, outDir, Timeout, CancellationToken.None));

        var after = Snapshot(outDir);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (file, bytes) in before)
        {
            Assert.True(bytes.SequenceEqual(after[file]), $"{file} changed in a failed export");
        }
    }

    /// <summary>The manifest's lines after its "#" header, each split at its two spaces into hash and path.</summary>
    private static List<(string Path, string Hash)> ManifestEntries(string outDir)
    {
        var lines = File.ReadAllLines(Path.Combine(outDir, ExportManifest.FileName));
        Assert.StartsWith("# ", lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var parts = line.Split("  ", 2);
            Assert.Equal(2, parts.Length);
            return (parts[1], parts[0]);
        }).ToList();
    }

    private static string Sha256(string file) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

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
