using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Commands;

public static class CleanCommand
{
    public static int Execute(string root, IReadOnlyList<string> named)
    {
        var notebooks = Workspace.Resolve(named, root);
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"no notebooks to clean in {Workspace.NotebooksFolder(root)}");
            return 1;
        }
        var failed = 0;
        foreach (var notebook in notebooks)
        {
            try
            {
                var result = NotebookCleaner.Clean(notebook);
                Console.WriteLine(result.Changed
                    ? $"{result.Notebook}: removed {result.OutputsRemoved} output(s) and {result.CountsRemoved} execution count(s)"
                    : $"{result.Notebook}: already clean");
            }
            catch (Exception e) when (e is NotebookException or IOException or UnauthorizedAccessException)
            {
                failed++;
                Console.Error.WriteLine(e is NotebookException ? e.Message : $"{Path.GetFileName(notebook)}: {e.Message}");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
