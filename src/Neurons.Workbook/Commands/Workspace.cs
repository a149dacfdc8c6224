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

    /// <summary>
    /// The notebooks named on the command line (checked to exist), or the default set. First
    /// finishes an export that was interrupted (<see cref="FinishInterruptedExport"/>),
    /// so every command that reads notebooks leaves that folder whole.
    /// </summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> named, string root)
    {
        FinishInterruptedExport(root);
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

    /// <summary>The shortest --timeout accepted: below a millisecond a cell could never finish, and 1e-300 s is zero.</summary>
    public const double MinTimeoutSeconds = 0.001;

    /// <summary>The --timeout option's value as a cell's time limit.</summary>
    /// <exception cref="UsageException">Not a number of seconds from 1 ms up to the longest a timer waits; the message gives the value.</exception>
    public static TimeSpan CellTimeout(double seconds) =>
        double.IsFinite(seconds) && seconds >= MinTimeoutSeconds && seconds <= Running.RunOptions.MaxTimeout.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--timeout must be a number of seconds from {MinTimeoutSeconds} up to {Running.RunOptions.MaxTimeout.TotalSeconds:0} (about 49 days), not {seconds}"));

    /// <summary>
    /// Where <see cref="RememberExport"/> lists the folders exports wrote other than the default,
    /// so that every command can finish an export to any of them that was interrupted.
    /// </summary>
    public const string ExportsListName = "artifacts/.workbook-exports";

    private const int RememberedExports = 20;

    /// <summary>
    /// Notes that an export is about to write <paramref name="folder"/> (a real path), so a later
    /// command of this repository finishes it if it is interrupted. The default folder needs no note.
    /// A list that cannot be written is a warning: the export itself goes on.
    /// </summary>
    public static void RememberExport(string root, string folder)
    {
        if (folder == IO.SafePath.RealPath(Path.Combine(root, ExportCommand.DefaultOut))) return;
        var list = Path.Combine(root, ExportsListName);
        try
        {
            var folders = RememberedFolders(root).Where(f => f != folder).Append(folder).TakeLast(RememberedExports);
            IO.AtomicFile.WriteAllText(list, string.Concat(folders.Select(f => f + "\n")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not note {folder} in {list}, so only an export there will finish it if it is interrupted: {e.Message}");
        }
    }

    private static IEnumerable<string> RememberedFolders(string root)
    {
        var list = Path.Combine(root, ExportsListName);
        try
        {
            if (!File.Exists(list) || IO.SafePath.IsLink(list)) return [];
            return [.. File.ReadAllLines(list).Where(line => line.Length > 0 && line.IndexOf('\0') < 0 && Path.IsPathFullyQualified(line))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Finishes an export that was killed or failed half way (its journal), and removes the
    /// temporary files it left, in the default output folder and in each folder an export of this
    /// repository wrote (<see cref="RememberExport"/>) that still holds the writer's lock file,
    /// saying so on standard error. A problem doing so is a warning: the command itself goes on.
    /// </summary>
    public static void FinishInterruptedExport(string root)
    {
        var folders = new[] { Path.Combine(root, ExportCommand.DefaultOut) }
            .Concat(RememberedFolders(root).Where(f => !IO.SafePath.IsRoot(f) && File.Exists(Path.Combine(f, IO.StagedWrite.LockName))));
        foreach (var folder in folders.Distinct(StringComparer.Ordinal))
        {
            try
            {
                if (IO.StagedWrite.Recover(folder) is { } done) Console.Error.WriteLine(done);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"warning: could not finish the interrupted export in {folder}: {e.Message}");
            }
        }
    }
}

/// <summary>A command-line mistake; the message says what and which value.</summary>
public sealed class UsageException(string message) : Exception(message);
