using System.Text;
using System.Text.Json.Nodes;
using Neurons.Workbook.IO;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Running;
using Neurons.Workbook.Site;

namespace Neurons.Workbook.Commands;

/// <summary>
/// Executes every notebook, then writes the executed notebooks (DIR/notebooks/*.ipynb) and the static
/// site. The target folder and the notebooks' names are checked before anything runs; nothing is
/// written unless every notebook ran; the files are written as one journaled step
/// (<see cref="StagedWrite"/>), so a reader finds the whole previous export or the whole new one;
/// nothing is written into the notebooks folder, through a link, or outside the target. Files an
/// earlier export wrote to the same folder and this one does not (a renamed or removed chapter) are
/// deleted if unchanged since; no other file is.
/// </summary>
public static class ExportCommand
{
    public const string DefaultOut = "artifacts/site";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The top-level entries an export writes below its folder besides its pages.</summary>
    private static readonly string[] Folders = ["notebooks", "assets"];

    /// <param name="pdf">Also print each chapter to a PDF beside its page, with chromium (the command line's default; --no-pdf turns it off).</param>
    public static async Task<int> ExecuteAsync(string root, string? outDir, TimeSpan timeout, CancellationToken cancellationToken, bool pdf = false)
    {
        // Checked before anything runs: a missing chromium is a clear error, not a late failure.
        PdfPrinter? printer = null;
        if (pdf)
        {
            try { printer = PdfPrinter.Find(); }
            catch (InvalidOperationException e) { throw new UsageException(e.Message); }
        }
        var notebooks = Workspace.DefaultNotebooks(root);
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"no notebooks to export in {Workspace.NotebooksFolder(root)}");
            return 1;
        }
        var target = ResolveTarget(root, outDir);
        var unfit = Unexportable(notebooks);
        if (unfit.Count > 0)
        {
            foreach (var problem in unfit) Console.Error.WriteLine($"error: {problem}");
            Console.Error.WriteLine($"export stopped before running anything: nothing was written to {target}");
            return 1;
        }
        Workspace.RememberExport(root, target);
        try
        {
            if (StagedWrite.Recover(target) is { } recovered) Console.Error.WriteLine(recovered);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot finish the interrupted export in {target}: {e.Message}");
            return 1;
        }

        var results = await RunCommand.RunAllAsync(notebooks, timeout, showOutputs: false, cancellationToken);
        if (results.Count != notebooks.Count || results.Any(r => !r.Succeeded))
        {
            Console.Error.WriteLine($"export stopped: nothing was written to {target}");
            return 1;
        }
        ExportResult export;
        try
        {
            export = Write(results, target, Workspace.NotebooksFolder(root), printer);
        }
        catch (ExportException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine($"export stopped: nothing was written to {target}");
            return 1;
        }
        Console.WriteLine($"wrote {results.Count} executed notebook(s) to {Path.Combine(target, "notebooks")} and the site to {Path.Combine(target, "index.html")}");
        foreach (var path in export.Deleted)
        {
            Console.WriteLine($"deleted {path}: an earlier export wrote it and this one did not");
        }
        foreach (var path in export.Changed)
        {
            Console.WriteLine($"kept {path}: an earlier export wrote it, but it has changed since, so it is left to you");
        }
        foreach (var (path, reason) in export.NotDeleted)
        {
            Console.Error.WriteLine($"warning: could not delete {Path.Combine(target, path)}, which an earlier export wrote and this one did not: {reason}");
        }
        return 0;
    }

    /// <summary>
    /// The folder an export to <paramref name="outDir"/> (default <see cref="DefaultOut"/> under the
    /// root) really writes, every link resolved, checked before anything runs: a name that can be a
    /// folder, not a file, not a filesystem root, writable, and no way into the notebooks folder.
    /// </summary>
    /// <exception cref="UsageException">The target is refused; the message names it and why.</exception>
    public static string ResolveTarget(string root, string? outDir)
    {
        try
        {
            return Resolve(root, outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out {outDir}: {e.Message}");
        }
    }

    private static string Resolve(string root, string? outDir)
    {
        if (outDir is null) outDir = Path.Combine(root, DefaultOut);
        else if (outDir.Trim().Length == 0) throw new UsageException($"--out is empty (\"{outDir}\"); name a folder for the site");
        if (outDir.IndexOf('\0') >= 0) throw new UsageException($"--out \"{outDir.Replace("\0", "\\0")}\" holds a NUL character, which no file name may");
        var full = Path.GetFullPath(outDir);
        if (SafePath.TooLong(full) is { } tooLong) throw new UsageException($"--out {Shorten(full)} is too long: {tooLong}");
        var real = SafePath.RealPath(full);
        var shown = real == full ? full : $"{full} (really {real})";
        if (SafePath.IsRoot(real)) throw new UsageException($"--out {shown} is a filesystem root; export writes only into a folder of its own");
        if (File.Exists(real)) throw new UsageException($"--out {shown} is a file, not a folder");
        RefuseSources(shown, real, root);

        var existing = real;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing)!;
            if (File.Exists(parent)) throw new UsageException($"--out {shown} cannot be made: {parent} is a file, not a folder");
            existing = parent;
        }
        if (SafePath.CannotWriteIn(existing) is { } why) throw new UsageException($"--out {shown} cannot be written: {why}");
        foreach (var folder in Folders)
        {
            var path = Path.Combine(real, folder);
            if (SafePath.IsLink(path))
            {
                throw new UsageException($"--out {shown}: {path} is a symbolic link (to {new FileInfo(path).LinkTarget}), and export writes nothing through a link; remove it");
            }
            if (File.Exists(path)) throw new UsageException($"--out {shown}: {path} is a file, where export writes a folder");
        }
        return real;
    }

    private static void RefuseSources(string shown, string real, string root)
    {
        var sources = SafePath.RealPath(Workspace.NotebooksFolder(root));
        if (SafePath.IsAtOrInside(real, sources))
        {
            throw new UsageException($"--out {shown} is inside the notebooks folder {sources}; export never writes there");
        }
        if (SafePath.IsAtOrInside(sources, real) && SafePath.RealPath(Path.Combine(real, "notebooks")) == sources)
        {
            throw new UsageException($"--out {shown} would write the executed notebooks over the sources in {sources}; export never writes there");
        }
    }

    /// <summary>
    /// Why the notebooks cannot be exported, found before anything runs: a name the site cannot
    /// use (".ipynb", "index.ipynb", two differing only in case), or a notebook whose structure
    /// the site cannot render (JSON, cells, cell types, sources). Each names the notebook.
    /// </summary>
    public static IReadOnlyList<string> Unexportable(IReadOnlyList<string> notebooks)
    {
        var problems = new List<string>();
        foreach (var path in notebooks)
        {
            var name = Path.GetFileName(path);
            var stem = Path.GetFileNameWithoutExtension(name);
            if (stem.Length == 0 || stem.Trim('.').Length == 0)
            {
                problems.Add($"{name}: a notebook needs a name before .ipynb (its page would be \"{stem}.html\"); rename it");
            }
            else if (stem.Equals("index", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: its page would be {stem}.html, the site's index page; rename the notebook");
            }
            problems.AddRange(NotebookChecker.Check(path).Where(p => p.Blocks).Select(p => p.Message));
        }
        foreach (var group in notebooks.Select(Path.GetFileName).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(" and ", group)} differ only in letter case: on a disk that ignores case their pages and copies would be one file; rename one");
        }
        return problems;
    }

    /// <summary>
    /// Renders the executed notebooks and the site for runs that all succeeded and writes them with
    /// <see cref="WriteFiles"/>.
    /// </summary>
    /// <exception cref="ExportException">The notebooks cannot be rendered, or a file cannot be written; nothing was changed.</exception>
    /// <param name="pdf">Prints each chapter to a PDF beside its page; null for none.</param>
    public static ExportResult Write(IReadOnlyList<RunResult> results, string outDir, string? sourcesFolder = null, PdfPrinter? pdf = null)
    {
        var failed = results.FirstOrDefault(r => !r.Succeeded);
        if (failed is not null)
        {
            throw new InvalidOperationException($"cannot export a failed run: {failed.Failure!.Message}");
        }
        var executed = results.Select(r => (FileName: Path.GetFileName(r.NotebookPath), r.Notebook)).ToList();
        // Everything is rendered before anything is written, so a notebook the site writer cannot
        // render stops the export before any file is written.
        return WriteFiles(outDir, [.. Render(executed, pdf), .. Figures(results)], sourcesFolder);
    }

    /// <summary>
    /// The figures beside the notebooks (notebooks/figures/*.svg) that the chapters' markdown shows, as
    /// they are: beside the pages (figures/) and beside the executed notebooks (notebooks/figures/).
    /// </summary>
    private static IEnumerable<StagedFile> Figures(IReadOnlyList<RunResult> results) =>
        results.Select(r => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(r.NotebookPath))!, "figures"))
            .Distinct(StringComparer.Ordinal).Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.svg").Order(StringComparer.Ordinal))
            .SelectMany(file => new[] { "figures/", "notebooks/figures/" }
                .Select(prefix => new StagedFile(prefix + Path.GetFileName(file), File.ReadAllBytes(file))));

    /// <summary>
    /// Every file of an export of these executed notebooks (each its file name and nbformat JSON):
    /// the site, then a copy of each notebook under notebooks/. Nothing is written.
    /// </summary>
    /// <exception cref="ExportException">A notebook the site cannot render; the message names it, the cell and the value.</exception>
    /// <param name="pdf">Prints each chapter to a PDF beside its page; null for none.</param>
    public static IReadOnlyList<StagedFile> Render(IReadOnlyList<(string FileName, JsonObject Notebook)> executed, PdfPrinter? pdf = null)
    {
        try
        {
            return SiteWriter.Render(executed, pdf)
                .Select(f => new StagedFile(f.Path, f.Bytes))
                .Concat(executed.Select(e => new StagedFile("notebooks/" + e.FileName, Utf8NoBom.GetBytes(NotebookJson.Serialize(e.Notebook)))))
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new ExportException($"the site cannot be rendered: {e.Message}", e);
        }
    }

    /// <summary>
    /// The one way an export writes: puts <paramref name="files"/> (paths relative to the folder,
    /// "/" between folders) into <paramref name="outDir"/> as one journaled step, with the manifest,
    /// and deletes the files an earlier export wrote here, unchanged since, that this one does not.
    /// Every destination is decided, links resolved, and checked before anything is written:
    /// nothing lands in <paramref name="sourcesFolder"/>, through a link, or outside the folder.
    /// </summary>
    /// <returns>What was written, what was deleted, and the stale files that could not be deleted.</returns>
    /// <exception cref="ExportException">A file cannot be written there (the message names it); nothing was changed.</exception>
    public static ExportResult WriteFiles(string outDir, IReadOnlyList<StagedFile> files, string? sourcesFolder = null)
    {
        string folder;
        try
        {
            folder = SafePath.RealPath(outDir);
            if (SafePath.IsRoot(folder)) throw new ExportException($"{folder} is a filesystem root; export writes only into a folder of its own");
            if (File.Exists(folder)) throw new ExportException($"{folder} is a file, not a folder");
            var sources = sourcesFolder is null ? null : SafePath.RealPath(sourcesFolder);
            foreach (var file in files)
            {
                if (!StagedWrite.IsPlainRelative(file.Path)) throw new ExportException($"cannot write \"{file.Path}\" in {folder}: not a plain relative path");
                var lands = SafePath.RealPath(Path.Combine(folder, file.Path));
                if (sources is not null && SafePath.IsAtOrInside(lands, sources))
                {
                    throw new ExportException($"{Path.Combine(folder, file.Path)} would be written to {lands}, in the notebooks folder {sources}; export never writes there");
                }
                if (!SafePath.IsAtOrInside(lands, folder))
                {
                    throw new ExportException($"{Path.Combine(folder, file.Path)} would be written to {lands}, outside {folder}; export writes nothing through a link");
                }
            }
            if (StagedWrite.Recover(folder) is { } recovered) Console.Error.WriteLine(recovered);
            var previous = ExportManifest.Read(folder);
            var written = files.Select(f => ExportManifest.Entry.Of(f.Path, f.Bytes)).ToList();
            var (stale, changed) = ExportManifest.Stale(folder, previous, written.Select(e => e.Path));
            var notDeleted = StagedWrite.Commit(folder, [.. files, ExportManifest.AsFile(written)], stale);
            if (notDeleted.Count > 0)
            {
                // A stale file that could not be deleted stays listed, so the next export tries again.
                StagedWrite.Commit(folder, [ExportManifest.AsFile(written.Concat(notDeleted.Select(n => new ExportManifest.Entry(n.File.Path, n.File.Sha256))))]);
            }
            var deleted = stale.Select(s => s.Path).Except(notDeleted.Select(n => n.File.Path)).ToList();
            return new ExportResult(written.Select(e => e.Path).ToList(), deleted, changed, notDeleted.Select(n => (n.File.Path, n.Reason)).ToList());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExportException(e.Message, e);
        }
    }

    private static string Shorten(string path) => path.Length <= 80 ? path : path[..40] + "…" + path[^30..];
}

/// <summary>An export that cannot be written; the message names the file and why. Nothing was changed.</summary>
public sealed class ExportException(string message, Exception? inner = null) : Exception(message, inner);

/// <param name="Written">Every file the export wrote, relative to its folder, "/" between folders (the manifest aside).</param>
/// <param name="Deleted">The files an earlier export wrote that this one did not, now deleted.</param>
/// <param name="Changed">Such files kept because their bytes changed since they were written; the manifest drops them.</param>
/// <param name="NotDeleted">Such files that could not be deleted, with the reason; the manifest keeps them.</param>
public sealed record ExportResult(
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Changed,
    IReadOnlyList<(string Path, string Reason)> NotDeleted);
