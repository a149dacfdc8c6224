using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Commands;

public static class CleanCommand
{
    public static int Execute(string root, IReadOnlyList<string> named) => Execute(root, named, Console.Out, Console.Error);

    /// <summary>Cleans each notebook; one that cannot be cleaned is named with why, and the rest are still cleaned.</summary>
    /// <returns>0 when every notebook is clean now, 1 when one was refused or there were none.</returns>
    public static int Execute(string root, IReadOnlyList<string> named, TextWriter output, TextWriter errors)
    {
        var notebooks = Workspace.Resolve(named, root);
        if (notebooks.Count == 0)
        {
            errors.WriteLine($"no notebooks to clean in {Workspace.NotebooksFolder(root)}");
            return 1;
        }
        var failed = 0;
        foreach (var notebook in notebooks)
        {
            try
            {
                var result = NotebookCleaner.Clean(notebook);
                output.WriteLine(result.Changed
                    ? $"{result.Notebook}: removed {result.OutputsRemoved} output(s) and {result.CountsRemoved} execution count(s)"
                      + (result.MetadataRestored > 0 ? $", and restored {result.MetadataRestored} kernel metadata entr{(result.MetadataRestored == 1 ? "y" : "ies")}" : "")
                    : $"{result.Notebook}: already clean");
            }
            catch (Exception e) when (e is NotebookException or IOException or UnauthorizedAccessException)
            {
                failed++;
                errors.WriteLine(e is NotebookException ? e.Message : $"{Path.GetFileName(notebook)}: {e.Message}");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
