using Neurons.Workbook.IO;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Running;
using Neurons.Workbook.Site;

namespace Neurons.Workbook.Commands;

/// <summary>
/// Executes every notebook, then writes the executed notebooks (DIR/notebooks/*.ipynb) and the static
/// site. Nothing is written unless every notebook ran; each file is written whole or not at all; the
/// notebooks folder itself is never written.
/// </summary>
public static class ExportCommand
{
    public const string DefaultOut = "artifacts/site";

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
        Write(results, target);
        Console.WriteLine($"wrote {results.Count} executed notebook(s) to {Path.Combine(target, "notebooks")} and the site to {Path.Combine(target, "index.html")}");
        return 0;
    }

    /// <summary>Writes the executed notebooks and the site for runs that all succeeded.</summary>
    public static void Write(IReadOnlyList<RunResult> results, string outDir)
    {
        var failed = results.FirstOrDefault(r => !r.Succeeded);
        if (failed is not null)
        {
            throw new InvalidOperationException($"cannot export a failed run: {failed.Failure!.Message}");
        }
        var executed = results.Select(r => (FileName: Path.GetFileName(r.NotebookPath), r.Notebook)).ToList();
        // Serialised first: the site writer renders everything before it writes anything, so a
        // notebook it cannot render stops the export before any file is written.
        var files = executed.Select(e => (e.FileName, Text: NotebookJson.Serialize(e.Notebook))).ToList();
        SiteWriter.Write(executed, outDir);
        foreach (var (fileName, text) in files)
        {
            AtomicFile.WriteAllText(Path.Combine(outDir, "notebooks", fileName), text);
        }
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
