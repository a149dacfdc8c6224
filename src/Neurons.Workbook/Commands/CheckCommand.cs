using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Commands;

public static class CheckCommand
{
    public static int Execute(string root, IReadOnlyList<string> named)
    {
        var notebooks = Workspace.Resolve(named, root);
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"no notebooks to check in {Workspace.NotebooksFolder(root)}");
            return 1;
        }
        var problems = notebooks.SelectMany(NotebookChecker.Check).ToList();
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem.Message);
        }
        Console.WriteLine(problems.Count == 0
            ? $"checked {notebooks.Count} notebook(s): all follow the conventions"
            : $"checked {notebooks.Count} notebook(s): {problems.Count} problem(s)");
        return problems.Count == 0 ? 0 : 1;
    }
}
