using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Neurons.Workbook.IO;

namespace Neurons.Workbook.Commands;

/// <summary>
/// The list of files an export wrote, kept in the output folder as <see cref="FileName"/>, so that
/// the next export can delete the ones it no longer writes (the page and notebook of a renamed or
/// removed chapter) and nothing else. Each line is a file's SHA-256 and its path ("/" between
/// folders): a listed file whose bytes have changed since is no longer the export's, and stays.
/// The folder may hold the user's own files, and anyone may edit the list, so it is read as
/// untrusted input: a line that is not a hash and a plain relative path inside the folder is
/// ignored, never followed.
/// </summary>
public static partial class ExportManifest
{
    public const string FileName = ".workbook-export";

    private const string Header =
        "# The files the workbook's export wrote in this folder, with their SHA-256. " +
        "The next export deletes those it no longer writes if they are unchanged, and nothing else.";

    /// <param name="Path">Relative to the output folder, "/" between folders.</param>
    /// <param name="Sha256">The file's SHA-256 as the export wrote it, 64 lower-case hex digits.</param>
    public sealed record Entry(string Path, string Sha256)
    {
        public static Entry Of(string path, ReadOnlySpan<byte> bytes) => new(path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [GeneratedRegex("^([0-9a-f]{64})  (.+)$")]
    private static partial Regex LinePattern();

    /// <summary>The manifest's text: the header, then "hash  path" per file, in ordinal order of the path.</summary>
    public static string Format(IEnumerable<Entry> entries) =>
        string.Concat(new[] { Header }
            .Concat(entries.DistinctBy(e => e.Path, StringComparer.Ordinal).OrderBy(e => e.Path, StringComparer.Ordinal).Select(e => $"{e.Sha256}  {e.Path}"))
            .Select(line => line + "\n"));

    /// <summary>
    /// The entries of the folder's manifest whose path is safe to delete if stale: relative, inside
    /// the folder, no "." or ".." step. None when there is no manifest.
    /// </summary>
    public static IReadOnlyList<Entry> Read(string outDir)
    {
        var path = Path.Combine(outDir, FileName);
        if (!File.Exists(path)) return [];
        return File.ReadAllText(path)
            .Split('\n')
            .Select(line => LinePattern().Match(line.TrimEnd('\r')))
            .Where(match => match.Success && IsPlainRelativePath(match.Groups[2].Value))
            .Select(match => new Entry(match.Groups[2].Value, match.Groups[1].Value))
            .ToList();
    }

    /// <summary>
    /// Deletes each file in <paramref name="previous"/> (as <see cref="Read"/> gives them) whose path
    /// is not in <paramref name="written"/> and whose bytes still have the listed hash, then each
    /// folder that held one and is left empty, up to <paramref name="outDir"/> itself, which stays.
    /// A path that leads through a symbolic link, or names a link or anything but a file, is left alone.
    /// </summary>
    /// <returns>
    /// The paths deleted; those kept because they changed since they were written; and the entries
    /// that could not be deleted, with why. Each in ordinal order of the path.
    /// </returns>
    public static (IReadOnlyList<string> Deleted, IReadOnlyList<string> Changed, IReadOnlyList<(Entry Entry, string Reason)> Failed) DeleteStale(
        string outDir, IEnumerable<Entry> previous, IEnumerable<string> written)
    {
        var root = Path.GetFullPath(outDir);
        // Ignoring case keeps a file this export wrote on a case-insensitive disk (01-Neuron.html
        // renamed 01-neuron.html is the same file there); on Linux it can only keep a stale file.
        var keep = new HashSet<string>(written, StringComparer.OrdinalIgnoreCase) { FileName };
        var deleted = new List<string>();
        var changed = new List<string>();
        var failed = new List<(Entry, string)>();
        foreach (var entry in previous.DistinctBy(e => e.Path, StringComparer.Ordinal).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            if (keep.Contains(entry.Path) || !IsPlainRelativePath(entry.Path)) continue;
            var full = Path.GetFullPath(Path.Combine(root, entry.Path));
            if (!IsInside(root, full) || PassesThroughLink(root, full)) continue;
            var file = new FileInfo(full);
            if (!file.Exists || file.LinkTarget is not null) continue;
            try
            {
                if (Entry.Of(entry.Path, File.ReadAllBytes(full)).Sha256 != entry.Sha256)
                {
                    changed.Add(entry.Path);
                    continue;
                }
                file.Delete();
                deleted.Add(entry.Path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                failed.Add((entry, error.Message));
                continue;
            }
            DeleteEmptyFolders(root, Path.GetDirectoryName(full)!);
        }
        return (deleted, changed, failed);
    }

    /// <summary>Writes the manifest, whole or not at all.</summary>
    public static void Write(string outDir, IEnumerable<Entry> entries) =>
        AtomicFile.WriteAllText(Path.Combine(outDir, FileName), Format(entries));

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
