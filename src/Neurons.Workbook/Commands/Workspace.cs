namespace Neurons.Workbook.Commands;

/// <summary>Where the notebooks are: the repository root is the folder holding the solution.</summary>
public static class Workspace
{
    public const string SolutionFile = "Neurons.Notebooks.sln";

    /// <summary>The nearest folder at or above <paramref name="start"/> holding the solution, else <paramref name="start"/>.</summary>
    public static string FindRoot(string? start = null)
    {
        var first = Path.GetFullPath(start ?? Environment.CurrentDirectory);
        for (var dir = new DirectoryInfo(first); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }
        return first;
    }

    public static string NotebooksFolder(string root) => Path.Combine(root, "notebooks");

    /// <summary>Every notebooks/*.ipynb under the root, in name order.</summary>
    public static IReadOnlyList<string> DefaultNotebooks(string root)
    {
        var folder = NotebooksFolder(root);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.ipynb").Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>The notebooks named on the command line (checked to exist), or the default set.</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> named, string root)
    {
        if (named.Count == 0)
        {
            return DefaultNotebooks(root);
        }
        var missing = named.Where(n => !File.Exists(n)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException($"no such notebook: {string.Join(", ", missing)}");
        }
        return [.. named.Select(Path.GetFullPath)];
    }
}

/// <summary>A command-line mistake; the message says what and which value.</summary>
public sealed class UsageException(string message) : Exception(message);
