using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Commands;

public static class CheckCommand
{
    public static int Execute(string root, IReadOnlyList<string> named) => Execute(root, named, Console.Out, Console.Error);

    /// <summary>Prints every departure from the conventions; 0 when there is none.</summary>
    public static int Execute(string root, IReadOnlyList<string> named, TextWriter output, TextWriter errors)
    {
        var notebooks = Workspace.Resolve(named, root);
        if (notebooks.Count == 0)
        {
            errors.WriteLine($"no notebooks to check in {Workspace.NotebooksFolder(root)}");
            return 1;
        }
        var problems = notebooks.SelectMany(NotebookChecker.Check).ToList();
        foreach (var problem in problems)
        {
            errors.WriteLine(problem.Message);
        }
        output.WriteLine(problems.Count == 0
            ? $"checked {notebooks.Count} notebook(s): all follow the conventions"
            : $"checked {notebooks.Count} notebook(s): {problems.Count} problem(s)");
        return problems.Count == 0 ? 0 : 1;
    }
}
