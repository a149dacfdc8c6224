using Neurons.Workbook.IO;

namespace Neurons.Workbook.Commands;

/// <summary>
/// The list of files an export wrote, kept in the output folder as <see cref="FileName"/>, so that
/// the next export can delete the ones it no longer writes (the page and notebook of a renamed or
/// removed chapter) and nothing else. The folder may hold the user's own files, and anyone may edit
/// the list, so it is read as untrusted input: a line that is not a plain relative path to a file
/// inside the folder is ignored, never followed.
/// </summary>
public static class ExportManifest
{
    public const string FileName = ".workbook-export";

    private const string Header =
        "# The files the workbook's export wrote in this folder. The next export deletes those it no longer writes, and nothing else.";

    /// <summary>The manifest's text: the header, then each path ("/" between folders) on its own line, in ordinal order.</summary>
    public static string Format(IEnumerable<string> paths) =>
        string.Concat(new[] { Header }.Concat(paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)).Select(line => line + "\n"));

    /// <summary>
    /// The paths listed in the folder's manifest that are safe to delete if stale: relative, inside
    /// the folder, no "." or ".." step. None when there is no manifest.
    /// </summary>
    public static IReadOnlyList<string> Read(string outDir)
    {
        var path = Path.Combine(outDir, FileName);
        if (!File.Exists(path)) return [];
        return File.ReadAllText(path)
            .Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith('#') && IsPlainRelativePath(line))
            .ToList();
    }

    /// <summary>
    /// Deletes each file in <paramref name="previous"/> (as <see cref="Read"/> gives them) that is not
    /// in <paramref name="written"/>, then each folder that held one and is left empty, up to
    /// <paramref name="outDir"/> itself, which stays. A path that leads through a symbolic link, or
    /// names a link or anything but a file, is left alone.
    /// </summary>
    /// <returns>The paths deleted, and those that could not be (with why), both in ordinal order.</returns>
    public static (IReadOnlyList<string> Deleted, IReadOnlyList<(string Path, string Reason)> Failed) DeleteStale(
        string outDir, IEnumerable<string> previous, IEnumerable<string> written)
    {
        var root = Path.GetFullPath(outDir);
        // Ignoring case keeps a file this export wrote on a case-insensitive disk (01-Neuron.html
        // renamed 01-neuron.html is the same file there); on Linux it can only keep a stale file.
        var keep = new HashSet<string>(written, StringComparer.OrdinalIgnoreCase) { FileName };
        var deleted = new List<string>();
        var failed = new List<(string, string)>();
        foreach (var relative in previous.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (keep.Contains(relative) || !IsPlainRelativePath(relative)) continue;
            var full = Path.GetFullPath(Path.Combine(root, relative));
            if (!IsInside(root, full) || PassesThroughLink(root, full)) continue;
            var file = new FileInfo(full);
            if (!file.Exists || file.LinkTarget is not null) continue;
            try
            {
                file.Delete();
                deleted.Add(relative);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                failed.Add((relative, error.Message));
                continue;
            }
            DeleteEmptyFolders(root, Path.GetDirectoryName(full)!);
        }
        return (deleted, failed);
    }

    /// <summary>Writes the manifest last, whole or not at all.</summary>
    public static void Write(string outDir, IEnumerable<string> paths) =>
        AtomicFile.WriteAllText(Path.Combine(outDir, FileName), Format(paths));

    /// <summary>"a/b.html": no root, drive, backslash, empty step, "." or "..".</summary>
    private static bool IsPlainRelativePath(string path) =>
        !Path.IsPathRooted(path)
        && path.IndexOfAny(['\\', ':', '\0']) < 0
        && path.Split('/').All(step => step.Length > 0 && step != "." && step != "..");

    private static bool IsInside(string root, string full) =>
        full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Whether a folder between <paramref name="root"/> and the file is a symbolic link (which could lead anywhere).</summary>
    private static bool PassesThroughLink(string root, string full)
    {
        for (var folder = Path.GetDirectoryName(full); folder is not null && IsInside(root, folder); folder = Path.GetDirectoryName(folder))
        {
            if (new DirectoryInfo(folder).LinkTarget is not null) return true;
        }
        return false;
    }

    private static void DeleteEmptyFolders(string root, string folder)
    {
        for (var current = folder; IsInside(root, current); current = Path.GetDirectoryName(current)!)
        {
            var info = new DirectoryInfo(current);
            if (!info.Exists || info.LinkTarget is not null || info.EnumerateFileSystemInfos().Any()) return;
            try { info.Delete(); }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException) { return; }
        }
    }
}
