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
        if (!File.Exists(path) || SafePath.IsLink(path)) return [];
        return File.ReadAllText(path)
            .Split('\n')
            .Select(line => LinePattern().Match(line.TrimEnd('\r')))
            .Where(match => match.Success && IsPlainRelativePath(match.Groups[2].Value))
            .Select(match => new Entry(match.Groups[2].Value, match.Groups[1].Value))
            .ToList();
    }

    /// <summary>
    /// The files in <paramref name="previous"/> (as <see cref="Read"/> gives them) whose path is not
    /// in <paramref name="written"/>, split into those that still have the listed hash (to delete)
    /// and those whose bytes changed since (the user's now, kept). A path that leads through a
    /// symbolic link, or names a link, anything but a file, or nothing, is in neither.
    /// </summary>
    /// <returns>Each list in ordinal order of the path.</returns>
    public static (IReadOnlyList<StaleFile> Stale, IReadOnlyList<string> Changed) Stale(
        string outDir, IEnumerable<Entry> previous, IEnumerable<string> written)
    {
        var root = Path.GetFullPath(outDir);
        // Ignoring case keeps a file this export wrote on a case-insensitive disk (01-Neuron.html
        // renamed 01-neuron.html is the same file there); on Linux it can only keep a stale file.
        var keep = new HashSet<string>(written, StringComparer.OrdinalIgnoreCase) { FileName };
        var stale = new List<StaleFile>();
        var changed = new List<string>();
        foreach (var entry in previous.DistinctBy(e => e.Path, StringComparer.Ordinal).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            if (keep.Contains(entry.Path) || !IsPlainRelativePath(entry.Path)) continue;
            var full = Path.GetFullPath(Path.Combine(root, entry.Path));
            if (!IsInside(root, full) || StagedWrite.PassesThroughLink(root, full)) continue;
            var file = new FileInfo(full);
            if (!file.Exists || file.LinkTarget is not null) continue;
            try
            {
                if (Entry.Of(entry.Path, File.ReadAllBytes(full)).Sha256 == entry.Sha256) stale.Add(new StaleFile(entry.Path, entry.Sha256));
                else changed.Add(entry.Path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Unreadable: not provably the export's any more, so left alone and no longer listed.
                changed.Add(entry.Path);
            }
        }
        return (stale, changed);
    }

    /// <summary>The manifest as a file for <see cref="StagedWrite.Commit"/>.</summary>
    public static StagedFile AsFile(IEnumerable<Entry> entries) => new(FileName, System.Text.Encoding.UTF8.GetBytes(Format(entries)));

    /// <summary>"a/b.html": no root, drive, backslash, empty step, "." or "..".</summary>
    private static bool IsPlainRelativePath(string path) => StagedWrite.IsPlainRelative(path);

    private static bool IsInside(string root, string full) =>
        full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
