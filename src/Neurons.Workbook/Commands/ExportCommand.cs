using System.Text;
using Neurons.Workbook.IO;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Running;
using Neurons.Workbook.Site;

namespace Neurons.Workbook.Commands;

/// <summary>
/// Executes every notebook, then writes the executed notebooks (DIR/notebooks/*.ipynb) and the static
/// site. Nothing is written unless every notebook ran; each file is written whole or not at all; the
/// notebooks folder itself is never written. Files an earlier export wrote to the same folder and
/// this one does not (a renamed or removed chapter) are deleted if unchanged since; no other file is.
/// </summary>
public static class ExportCommand
{
    public const string DefaultOut = "artifacts/site";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<int> ExecuteAsync(string root, string? outDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var notebooks = Workspace.DefaultNotebooks(root);
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"no notebooks to export in {Workspace.NotebooksFolder(root)}");
            return 1;
        }
        var target = Path.GetFullPath(outDir ?? Path.Combine(root, DefaultOut));
        RefuseInside(target, Workspace.NotebooksFolder(root));

        var results = await RunCommand.RunAllAsync(notebooks, timeout, showOutputs: false, cancellationToken);
        if (results.Count != notebooks.Count || results.Any(r => !r.Succeeded))
        {
            Console.Error.WriteLine($"export stopped: nothing was written to {target}");
            return 1;
        }
        var export = Write(results, target);
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
    /// Writes the executed notebooks and the site for runs that all succeeded, then deletes the files
    /// an earlier export wrote here, unchanged since, that this one did not (as listed in its
    /// <see cref="ExportManifest"/>), then writes the new manifest.
    /// </summary>
    /// <returns>What was written, what was deleted, and the stale files that could not be deleted.</returns>
    public static ExportResult Write(IReadOnlyList<RunResult> results, string outDir)
    {
        var failed = results.FirstOrDefault(r => !r.Succeeded);
        if (failed is not null)
        {
            throw new InvalidOperationException($"cannot export a failed run: {failed.Failure!.Message}");
        }
        var executed = results.Select(r => (FileName: Path.GetFileName(r.NotebookPath), r.Notebook)).ToList();
        // Everything is rendered before anything is written, so a notebook the site writer cannot
        // render stops the export before any file is written.
        var files = SiteWriter.Render(executed)
            .Concat(executed.Select(e => (Path: "notebooks/" + e.FileName, Bytes: Utf8NoBom.GetBytes(NotebookJson.Serialize(e.Notebook)))))
            .ToList();
        var previous = ExportManifest.Read(outDir);

        foreach (var (path, bytes) in files)
        {
            AtomicFile.WriteAllBytes(Path.Combine(outDir, path), bytes);
        }
        var written = files.Select(f => ExportManifest.Entry.Of(f.Path, f.Bytes)).ToList();
        var (deleted, changed, notDeleted) = ExportManifest.DeleteStale(outDir, previous, written.Select(e => e.Path));
        // A stale file that could not be deleted stays listed, so the next export tries again; one
        // that changed since it was written is the user's now, and is no longer listed.
        ExportManifest.Write(outDir, written.Concat(notDeleted.Select(n => n.Entry)));
        return new ExportResult(written.Select(e => e.Path).ToList(), deleted, changed, notDeleted.Select(n => (n.Entry.Path, n.Reason)).ToList());
    }

    private static void RefuseInside(string target, string notebooksFolder)
    {
        var folder = Path.GetFullPath(notebooksFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if ((target.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).StartsWith(folder, StringComparison.Ordinal))
        {
            throw new UsageException($"--out {target} is inside the notebooks folder {notebooksFolder}; export never writes there");
        }
    }
}

/// <param name="Written">Every file the export wrote, relative to its folder, "/" between folders (the manifest aside).</param>
/// <param name="Deleted">The files an earlier export wrote that this one did not, now deleted.</param>
/// <param name="Changed">Such files kept because their bytes changed since they were written; the manifest drops them.</param>
/// <param name="NotDeleted">Such files that could not be deleted, with the reason; the manifest keeps them.</param>
public sealed record ExportResult(
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Changed,
    IReadOnlyList<(string Path, string Reason)> NotDeleted);
