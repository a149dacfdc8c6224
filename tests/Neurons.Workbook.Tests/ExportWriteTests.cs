using System.Diagnostics;
using System.Text;
using Neurons.Workbook.Commands;
using Neurons.Workbook.IO;

namespace Neurons.Workbook.Tests;

/// <summary>
/// Where an export writes and how: the target checked before anything runs, the files written
/// through the journaled pipeline, an interrupted write finished by the next command. Nothing here
/// executes a cell: the pipeline takes rendered files.
/// </summary>
public sealed class ExportWriteTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TestFolder _folder = new();

    public ExportWriteTests()
    {
        _folder.WriteFile(Workspace.SolutionFile, "");
        _folder.Notebook("notebooks/01-a.ipynb", "md:# A", "1");
    }

    public void Dispose() => _folder.Dispose();

    private string Root => _folder.Path;

    private string Sources => Path.Combine(Root, "notebooks");

    private static List<StagedFile> Site(string version) =>
    [
        new("assets/site.css", Encoding.UTF8.GetBytes($"body {{ }} /* {version} */")),
        new("assets/katex/fonts/a.woff2", Encoding.UTF8.GetBytes($"font {version}")),
        new("01-a.html", Encoding.UTF8.GetBytes($"<p>A {version}</p>")),
        new($"02-{version}.html", Encoding.UTF8.GetBytes($"<p>only in {version}</p>")),
        new("notebooks/01-a.ipynb", Encoding.UTF8.GetBytes($"{{\"v\": \"{version}\"}}")),
        new("index.html", Encoding.UTF8.GetBytes($"<a href=\"01-a.html\">{version}</a>")),
    ];

    // Item 1: export overwrote the source notebooks.

    [Fact]
    public async Task Export_to_the_repository_itself_is_refused_before_anything_runs()
    {
        var before = Snapshot(Sources);

        var error = await Assert.ThrowsAsync<UsageException>(() => ExportCommand.ExecuteAsync(Root, Root, Timeout, CancellationToken.None));

        Assert.Equal($"--out {Root} would write the executed notebooks over the sources in {Sources}; export never writes there", error.Message);
        AssertSame(before, Snapshot(Sources));
        Assert.False(Directory.Exists(Path.Combine(Root, "assets")));
    }

    [Fact]
    public void An_out_folder_whose_notebooks_folder_links_to_the_sources_is_refused_and_never_written()
    {
        var outDir = Path.Combine(Root, "site");
        Directory.CreateDirectory(outDir);
        Directory.CreateSymbolicLink(Path.Combine(outDir, "notebooks"), Sources);
        var before = Snapshot(Sources);

        var refused = Assert.Throws<UsageException>(() => ExportCommand.ResolveTarget(Root, outDir));
        // Even if the link appears after the check (while cells run), the writer refuses it.
        var error = Assert.Throws<ExportException>(() => ExportCommand.WriteFiles(outDir, Site("new"), Sources));

        Assert.Equal($"--out {outDir}: {Path.Combine(outDir, "notebooks")} is a symbolic link (to {Sources}), and export writes nothing through a link; remove it", refused.Message);
        Assert.Equal($"{Path.Combine(outDir, "notebooks/01-a.ipynb")} would be written to {Path.Combine(Sources, "01-a.ipynb")}, in the notebooks folder {Sources}; export never writes there", error.Message);
        AssertSame(before, Snapshot(Sources));
        Assert.Equal(["notebooks"], Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName));
    }

    [Fact]
    public void An_out_that_is_a_link_into_the_notebooks_folder_is_refused_naming_where_it_leads()
    {
        var link = Path.Combine(Root, "site");
        Directory.CreateSymbolicLink(link, Path.Combine(Sources, "."));

        var error = Assert.Throws<UsageException>(() => ExportCommand.ResolveTarget(Root, link));

        Assert.Equal($"--out {link} (really {Sources}) is inside the notebooks folder {Sources}; export never writes there", error.Message);
    }

    [Fact]
    public void A_filesystem_root_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => ExportCommand.ResolveTarget(Root, "/"));
        var viaLink = Path.Combine(Root, "to-root");
        Directory.CreateSymbolicLink(viaLink, "/");
        var linked = Assert.Throws<UsageException>(() => ExportCommand.ResolveTarget(Root, viaLink));

        Assert.Equal("--out / is a filesystem root; export writes only into a folder of its own", error.Message);
        Assert.Equal($"--out {viaLink} (really /) is a filesystem root; export writes only into a folder of its own", linked.Message);
    }

    // Item 8, the --out values checked before anything runs.

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_out_that_is_a_file_empty_too_long_or_unwritable_is_refused_naming_it()
    {
        var file = _folder.WriteFile("a-file", "mine");
        var readOnly = Path.Combine(Root, "read-only");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var longName = Path.Combine(Root, new string('n', 300));

        Assert.Equal($"--out {file} is a file, not a folder", Refused(file));
        Assert.Equal($"--out {file}/site cannot be made: {file} is a file, not a folder", Refused(Path.Combine(file, "site")));
        Assert.Equal("--out is empty (\"\"); name a folder for the site", Refused(""));
        Assert.Equal("--out is empty (\"  \"); name a folder for the site", Refused("  "));
        Assert.StartsWith($"--out {longName[..40]}", Refused(longName));
        Assert.EndsWith("is 300 bytes long, longer than the 255 a file name may have", Refused(longName));
        Assert.Equal($"--out {readOnly}/site cannot be written: {readOnly} is read-only (mode 500)", Refused(Path.Combine(readOnly, "site")));
        Assert.Equal("mine", File.ReadAllText(file));
        Assert.Empty(Directory.EnumerateFileSystemEntries(readOnly));
    }

    [Fact]
    public void An_out_through_a_loop_of_links_is_refused_naming_it()
    {
        var a = Path.Combine(Root, "a");
        var b = Path.Combine(Root, "b");
        Directory.CreateSymbolicLink(a, b);
        Directory.CreateSymbolicLink(b, a);

        Assert.Equal($"--out {a}/site: {a}/site: more than 40 symbolic links, or a loop of them, on the way", Refused(Path.Combine(a, "site")));
    }

    private string Refused(string outDir) => Assert.Throws<UsageException>(() => ExportCommand.ResolveTarget(Root, outDir)).Message;

    [Fact]
    public async Task A_refused_out_stops_the_export_before_any_notebook_runs()
    {
        // A notebook that fails if it runs: an export that ran it would end with 1, not refuse its --out.
        _folder.Notebook("notebooks/02-fails.ipynb", "throw new Exception(\"ran\");");
        var file = _folder.WriteFile("a-file", "mine");

        var error = await Assert.ThrowsAsync<UsageException>(() => ExportCommand.ExecuteAsync(Root, file, Timeout, CancellationToken.None));

        Assert.Equal($"--out {file} is a file, not a folder", error.Message);
    }

    // Item 3: files outside the output folder could be overwritten.

    [Fact]
    public void A_link_planted_where_the_old_writer_put_its_temporary_file_is_not_written_through()
    {
        var outDir = Path.Combine(Root, "site");
        var victim = _folder.WriteFile("elsewhere/victim.txt", "precious");
        Directory.CreateDirectory(Path.Combine(outDir, "assets"));
        foreach (var name in new[] { "index.html", "01-a.html", ExportManifest.FileName })
        {
            File.CreateSymbolicLink(Path.Combine(outDir, $".{name}.{Environment.ProcessId}.tmp"), victim);
        }
        File.CreateSymbolicLink(Path.Combine(outDir, "assets", $".site.css.{Environment.ProcessId}.tmp"), victim);

        ExportCommand.WriteFiles(outDir, Site("new"), Sources);
        // The same through the one-file writer the site writer uses.
        AtomicFile.WriteAllText(Path.Combine(outDir, "index.html"), "again");

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal("<p>A new</p>", File.ReadAllText(Path.Combine(outDir, "01-a.html")));
    }

    [Fact]
    public void A_linked_folder_inside_the_output_is_refused_before_anything_is_written()
    {
        var outDir = Path.Combine(Root, "site");
        ExportCommand.WriteFiles(outDir, Site("old"), Sources);
        var elsewhere = Path.Combine(Root, "elsewhere");
        var victim = _folder.WriteFile("elsewhere/site.css", "precious");
        Directory.Delete(Path.Combine(outDir, "assets"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(outDir, "assets"), elsewhere);
        var before = Snapshot(outDir);

        var error = Assert.Throws<ExportException>(() => ExportCommand.WriteFiles(outDir, Site("new"), Sources));

        Assert.Equal($"{Path.Combine(outDir, "assets/site.css")} would be written to {victim}, outside {outDir}; export writes nothing through a link", error.Message);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(["site.css"], Directory.EnumerateFileSystemEntries(elsewhere).Select(Path.GetFileName));
        AssertSame(before, Snapshot(outDir));
    }

    // Item 4: an interrupted or failed export left a mix.

    public static TheoryData<string, int> KillPoints => new()
    {
        { "staged", 1 },
        { "staged", 4 },
        { "journal", 0 },
        { "renamed", 1 },
        { "renamed", 3 },
        { "renamed", 7 }, // every file and the manifest renamed; the deletions and the journal's removal not done
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public void An_export_killed_at_any_point_is_finished_or_undone_by_the_next_command(string stage, int count)
    {
        var outDir = Path.Combine(Root, ExportCommand.DefaultOut);
        var complete = Path.Combine(Root, "complete");
        foreach (var folder in new[] { outDir, complete })
        {
            ExportCommand.WriteFiles(folder, Site("old"), Sources);
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "the teacher's own");
        }
        var old = Snapshot(outDir);
        ExportCommand.WriteFiles(complete, Site("new"), Sources);

        StagedWrite.TestHook.Value = (step, n) =>
        {
            if (step == stage && n == count) throw new SimulatedKill();
        };
        try
        {
            Assert.Throws<SimulatedKill>(() => ExportCommand.WriteFiles(outDir, Site("new"), Sources));
        }
        finally
        {
            StagedWrite.TestHook.Value = null;
        }
        Assert.Contains(Directory.EnumerateFiles(outDir, ".workbook-*", SearchOption.AllDirectories), f => !f.EndsWith(StagedWrite.LockName, StringComparison.Ordinal));

        // The next command, whichever it is, finishes or undoes it: here check, which writes nothing itself.
        CheckCommand.Execute(Root, []);

        var after = Snapshot(outDir);
        AssertSame(stage == "staged" ? old : Snapshot(complete), after);
    }

    [Fact]
    public void An_export_to_another_folder_killed_half_way_is_finished_by_the_next_command_too()
    {
        var outDir = Path.Combine(Root, "handout");
        var complete = Path.Combine(Root, "complete");
        ExportCommand.WriteFiles(outDir, Site("old"), Sources);
        ExportCommand.WriteFiles(complete, Site("new"), Sources);
        // What export does once it has checked its --out, before it runs anything.
        Workspace.RememberExport(Root, outDir);
        StagedWrite.TestHook.Value = (step, n) =>
        {
            if (step == "renamed" && n == 2) throw new SimulatedKill();
        };
        try
        {
            Assert.Throws<SimulatedKill>(() => ExportCommand.WriteFiles(outDir, Site("new"), Sources));
        }
        finally
        {
            StagedWrite.TestHook.Value = null;
        }

        CleanCommand.Execute(Root, [], TextWriter.Null, TextWriter.Null);

        Assert.Equal(outDir + "\n", File.ReadAllText(Path.Combine(Root, Workspace.ExportsListName)));
        AssertSame(Snapshot(complete), Snapshot(outDir));
    }

    [Fact]
    public void A_write_that_fails_half_way_leaves_the_previous_export_and_no_temporary_file()
    {
        var outDir = Path.Combine(Root, "site");
        ExportCommand.WriteFiles(outDir, Site("old"), Sources);
        var old = Snapshot(outDir);
        StagedWrite.TestHook.Value = (step, n) =>
        {
            if (step == "staged" && n == 3) throw new IOException("No space left on device");
        };
        try
        {
            var error = Assert.Throws<ExportException>(() => ExportCommand.WriteFiles(outDir, Site("new"), Sources));
            Assert.Equal("No space left on device", error.Message);
        }
        finally
        {
            StagedWrite.TestHook.Value = null;
        }

        AssertSame(old, Snapshot(outDir));
    }

    [Fact]
    public void A_failed_first_write_leaves_no_folder()
    {
        var outDir = Path.Combine(Root, "site");
        StagedWrite.TestHook.Value = (_, _) => throw new IOException("No space left on device");
        try
        {
            Assert.Throws<ExportException>(() => ExportCommand.WriteFiles(outDir, Site("new"), Sources));
        }
        finally
        {
            StagedWrite.TestHook.Value = null;
        }

        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_journal_edited_to_lead_outside_the_folder_moves_and_deletes_nothing_there()
    {
        var outDir = Path.Combine(Root, "site");
        ExportCommand.WriteFiles(outDir, Site("old"), Sources);
        var victim = _folder.WriteFile("victim.txt", "precious");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(victim)));
        var planted = _folder.WriteFile("site/.workbook-tmp-0123456789abcdef0123456789abcdef", "planted");
        File.WriteAllText(Path.Combine(outDir, StagedWrite.JournalName), $$"""
            {"Renames": [{"Temp": ".workbook-tmp-0123456789abcdef0123456789abcdef", "Destination": "../victim.txt"},
                         {"Temp": "../victim.txt", "Destination": "index.html"}, null, {"Temp": null}],
             "Deletes": [{"Path": "../victim.txt", "Sha256": "{{hash}}"}, {"Path": "{{victim}}", "Sha256": "{{hash}}"}, null]}
            """);

        var done = StagedWrite.Recover(outDir);

        Assert.Equal($"finished an interrupted export in {outDir}\nremoved 1 temporary file(s) an interrupted export left in {outDir}", done);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.False(File.Exists(planted));
        Assert.False(File.Exists(Path.Combine(outDir, StagedWrite.JournalName)));
        Assert.Equal("<a href=\"01-a.html\">old</a>", File.ReadAllText(Path.Combine(outDir, "index.html")));

        // A journal that is a link is removed, not followed.
        File.CreateSymbolicLink(Path.Combine(outDir, StagedWrite.JournalName), victim);
        StagedWrite.Recover(outDir);
        Assert.False(File.Exists(Path.Combine(outDir, StagedWrite.JournalName)) || SafePath.IsLink(Path.Combine(outDir, StagedWrite.JournalName)));
        Assert.Equal("precious", File.ReadAllText(victim));
    }

    [Fact]
    public void While_one_export_writes_a_folder_another_waits_its_turn_and_recovery_leaves_it_alone()
    {
        var outDir = Path.Combine(Root, "site");
        ExportCommand.WriteFiles(outDir, Site("old"), Sources);
        var old = Snapshot(outDir);
        var temp = _folder.WriteFile("site/assets/.workbook-tmp-0123456789abcdef0123456789abcdef", "being written");

        using (new FileStream(Path.Combine(outDir, StagedWrite.LockName), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var error = Assert.Throws<ExportException>(() => ExportCommand.WriteFiles(outDir, Site("new"), Sources));
            Assert.Equal($"another export is writing to {outDir} right now (it holds {Path.Combine(outDir, StagedWrite.LockName)}); try again when it ends", error.Message);
            Assert.Null(StagedWrite.Recover(outDir));
            Assert.True(File.Exists(temp), "recovery removed a temporary file another export is writing");
        }

        Assert.NotNull(StagedWrite.Recover(outDir));
        AssertSame(old, Snapshot(outDir));
    }

    [Fact]
    public void A_real_export_process_killed_during_its_renames_is_finished_by_the_next_command()
    {
        // Two processes that export (each starts an engine), so the test stays short: the first is
        // killed during its renames; the old-and-new mix of a second export is the theory above.
        var complete = Path.Combine(Root, "complete");

        var (exit, _, errors) = Cli("3", "export");
        Assert.NotEqual(0, exit);
        Assert.Contains("paused after 3 renames", errors);
        var outDir = Path.Combine(Root, ExportCommand.DefaultOut);
        Assert.True(File.Exists(Path.Combine(outDir, StagedWrite.JournalName)), "the killed export left no journal");

        var check = Cli(null, "check");
        Assert.Equal(0, Cli(null, "export", "--out", complete).Exit);

        Assert.Contains($"finished an interrupted export in {outDir}", check.Errors);
        AssertSame(Snapshot(complete), Snapshot(outDir));
    }

    /// <summary>
    /// Runs the built workbook in the fixture repository; with <paramref name="pauseAfter"/>, waits
    /// until the writer says it paused after that many renames, then kills the process.
    /// </summary>
    private (int Exit, string Output, string Errors) Cli(string? pauseAfter, params string[] arguments)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Neurons.Workbook.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (pauseAfter is not null) start.Environment[StagedWrite.PauseVariable] = pauseAfter;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = new StringBuilder();
        var paused = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
            if (e.Data.StartsWith("paused after", StringComparison.Ordinal)) paused.Set();
        };
        process.BeginErrorReadLine();
        if (pauseAfter is not null)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (!paused.Wait(TimeSpan.FromMilliseconds(50)) && !process.HasExited && DateTime.UtcNow < deadline)
            {
            }
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the workbook did not finish: {string.Join(' ', arguments)}");
        }
        process.WaitForExit();
        lock (errors) return (process.ExitCode, output.Result, errors.ToString());
    }

    private sealed class SimulatedKill : Exception;

    private static void AssertSame(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (file, bytes) in expected)
        {
            Assert.True(bytes.SequenceEqual(actual[file]), $"{file} differs");
        }
    }

    /// <summary>Every file under the folder (dot files included, links not followed), by relative path.</summary>
    internal static SortedDictionary<string, byte[]> Snapshot(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false };
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos("*", options))
            {
                var relative = Path.GetRelativePath(folder, entry.FullName);
                if (entry.LinkTarget is { } target) files[relative] = Encoding.UTF8.GetBytes("-> " + target);
                else if (entry is DirectoryInfo) pending.Push(entry.FullName);
                else files[relative] = File.ReadAllBytes(entry.FullName);
            }
        }
        return files;
    }
}
