using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Neurons.Workbook.IO;

/// <summary>A file to write: its path relative to the folder ("/" between folders) and its bytes.</summary>
public readonly record struct StagedFile(string Path, byte[] Bytes)
{
    public static implicit operator StagedFile((string Path, byte[] Bytes) file) => new(file.Path, file.Bytes);
}

/// <summary>A file to delete if it still has the bytes whose SHA-256 is given (64 lower-case hex digits).</summary>
public readonly record struct StaleFile(string Path, string Sha256);

/// <summary>What <see cref="StagedWrite.Commit"/> could not delete, and why.</summary>
public readonly record struct NotDeleted(StaleFile File, string Reason);

/// <summary>
/// Writes a set of files into a folder that also holds other people's files, so that a reader
/// finds either the whole previous set or the whole new one, even when the process is killed:
/// every new file is first written completely under an unpredictable temporary name beside its
/// destination, created exclusively (never through a link); then a journal listing the renames
/// (and the stale files to delete) is put in place; then the renames and deletions are done; then
/// the journal is dropped. <see cref="Recover"/>, which every command calls first, finishes a
/// journal left by an interrupted write and removes temporary files a write left behind.
/// No file is written through a symbolic link to a folder, and none outside the folder.
/// </summary>
public static partial class StagedWrite
{
    /// <summary>The journal's name in the folder while renames are under way.</summary>
    public const string JournalName = ".workbook-journal";

    /// <summary>
    /// The lock file a write holds while it works (never deleted, as removing a lock file races with
    /// its next user), so two exports to one folder, or an export and another command recovering
    /// it, take turns.
    /// </summary>
    public const string LockName = ".workbook-lock";

    private const string TempPrefix = ".workbook-tmp-";

    [GeneratedRegex(@"^\.workbook-tmp-[0-9a-f]{32}$")]
    private static partial Regex TempName();

    /// <summary>
    /// For tests: called after each step (<c>"staged"</c> after each temporary file is complete,
    /// <c>"journal"</c> once the journal is in place, <c>"renamed"</c> after each rename), with the
    /// count so far. A hook that throws stops the write there, as a kill would.
    /// </summary>
    internal static readonly AsyncLocal<Action<string, int>?> TestHook = new();

    /// <summary>
    /// For tests that kill a real process: when the environment variable names a number N, the
    /// writer prints "paused after N renames" to standard error after the Nth rename and waits to
    /// be killed.
    /// </summary>
    internal const string PauseVariable = "NEURONS_WORKBOOK_TEST_PAUSE_AFTER_RENAMES";

    /// <summary>
    /// Writes <paramref name="files"/> into <paramref name="folder"/> (an absolute path with no link
    /// on it, see <see cref="SafePath.RealPath"/>) and deletes <paramref name="stale"/>, as one
    /// journaled step. Every destination is checked before anything is written.
    /// </summary>
    /// <exception cref="IOException">A destination cannot be written (the message names it); nothing was changed.</exception>
    /// <returns>The stale files that could not be deleted, and why.</returns>
    public static IReadOnlyList<NotDeleted> Commit(string folder, IReadOnlyList<StagedFile> files, IReadOnlyList<StaleFile>? stale = null)
    {
        stale ??= [];
        var plan = Plan(folder, files);
        var newFolder = !Directory.Exists(folder);
        Directory.CreateDirectory(folder);
        using var held = Lock(folder, create: true)
            ?? throw new IOException($"another export is writing to {folder} right now (it holds {Path.Combine(folder, LockName)}); try again when it ends");
        RecoverLocked(folder);
        var createdFolders = new List<string>();
        var staged = new List<(string Temp, string Destination)>();
        try
        {
            foreach (var (destination, bytes) in plan)
            {
                var parent = Path.GetDirectoryName(destination)!;
                CreateFolders(folder, parent, createdFolders);
                staged.Add((WriteTemp(parent, bytes), destination));
                TestHook.Value?.Invoke("staged", staged.Count);
            }
            var journal = new Journal(
                [.. staged.Select(s => new JournalRename(Relative(folder, s.Temp), Relative(folder, s.Destination)))],
                [.. stale.Select(s => new JournalDelete(s.Path, s.Sha256))]);
            var journalTemp = WriteTemp(folder, JsonSerializer.SerializeToUtf8Bytes(journal, JournalContext.Default.Journal));
            staged.Add((journalTemp, Path.Combine(folder, JournalName)));
            File.Move(journalTemp, Path.Combine(folder, JournalName), overwrite: false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            foreach (var (temp, _) in staged) TryDelete(temp);
            foreach (var created in Enumerable.Reverse(createdFolders)) TryDeleteEmptyFolder(created);
            if (newFolder)
            {
                TryDelete(Path.Combine(folder, LockName));
                TryDeleteEmptyFolder(folder);
            }
            throw error is IOException ? error : new IOException(error.Message, error);
        }
        TestHook.Value?.Invoke("journal", 0);
        try
        {
            return Finish(folder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{error.Message}; the export stopped half way, and its journal {Path.Combine(folder, JournalName)} stays: the next workbook command finishes it", error);
        }
    }

    /// <summary>
    /// Finishes a journal an interrupted <see cref="Commit"/> left in the folder (its renames and
    /// deletions), then deletes temporary files a write left anywhere in the folder. A folder that
    /// does not exist has nothing to recover.
    /// </summary>
    /// <returns>What it did, for the user, or null when there was nothing to do.</returns>
    public static string? Recover(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        folder = SafePath.RealPath(folder);
        // No lock file: no writer has worked here, so none is working now. A lock someone holds: they will finish.
        using var held = Lock(folder, create: false);
        if (held is null && File.Exists(Path.Combine(folder, LockName))) return null;
        return RecoverLocked(folder);
    }

    private static string? RecoverLocked(string folder)
    {
        var messages = new List<string>();
        if (File.Exists(Path.Combine(folder, JournalName)))
        {
            var failed = Finish(folder);
            messages.Add($"finished an interrupted export in {folder}");
            messages.AddRange(failed.Select(f => $"could not delete {Path.Combine(folder, f.File.Path)}: {f.Reason}"));
        }
        var removed = 0;
        foreach (var temp in Temporaries(folder))
        {
            if (TryDelete(temp)) removed++;
        }
        if (removed > 0) messages.Add($"removed {removed} temporary file(s) an interrupted export left in {folder}");
        return messages.Count == 0 ? null : string.Join("\n", messages);
    }

    /// <summary>The folder's lock, held until disposed; null when another holds it (or, unless <paramref name="create"/>, there is none).</summary>
    private static FileStream? Lock(string folder, bool create)
    {
        var path = Path.Combine(folder, LockName);
        if (SafePath.IsLink(path))
        {
            throw new IOException($"{path} is a symbolic link (to {new FileInfo(path).LinkTarget}); the writer's lock must be a file of its own, so remove the link");
        }
        if (!create && !File.Exists(path)) return null;
        try
        {
            return new FileStream(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Does what the folder's journal lists, in order, then drops it. Each step is safe to repeat.</summary>
    private static List<NotDeleted> Finish(string folder)
    {
        var journalPath = Path.Combine(folder, JournalName);
        if (SafePath.IsLink(journalPath))
        {
            File.Delete(journalPath); // This writer never makes one a link; a planted link is not followed.
            return [];
        }
        Journal? journal;
        try
        {
            journal = JsonSerializer.Deserialize(File.ReadAllBytes(journalPath), JournalContext.Default.Journal);
        }
        catch (JsonException)
        {
            journal = null; // Not one this writer wrote whole (it is renamed into place complete), so nothing to follow.
        }
        var renamed = 0;
        var pause = Environment.GetEnvironmentVariable(PauseVariable) is { } text && int.TryParse(text, out var n) ? n : -1;
        foreach (var rename in journal?.Renames ?? [])
        {
            if (rename?.Temp is null || rename.Destination is null) continue;
            if (!IsPlainRelative(rename.Temp) || !IsPlainRelative(rename.Destination) || !TempName().IsMatch(rename.Temp.Split('/')[^1])) continue;
            if (Path.GetDirectoryName(rename.Temp.Replace('/', Path.DirectorySeparatorChar)) != Path.GetDirectoryName(rename.Destination.Replace('/', Path.DirectorySeparatorChar))) continue;
            var temp = Path.Combine(folder, rename.Temp);
            var destination = Path.Combine(folder, rename.Destination);
            if (PassesThroughLink(folder, destination) || !File.Exists(temp) || SafePath.IsLink(temp)) continue;
            File.Move(temp, destination, overwrite: true);
            renamed++;
            TestHook.Value?.Invoke("renamed", renamed);
            if (renamed == pause)
            {
                Console.Error.WriteLine($"paused after {renamed} renames");
                Thread.Sleep(System.Threading.Timeout.Infinite);
            }
        }
        var failed = new List<NotDeleted>();
        foreach (var delete in journal?.Deletes ?? [])
        {
            if (delete?.Path is null || delete.Sha256 is null || !IsPlainRelative(delete.Path)) continue;
            var file = new StaleFile(delete.Path, delete.Sha256);
            var full = Path.Combine(folder, delete.Path);
            var info = new FileInfo(full);
            if (PassesThroughLink(folder, full) || !info.Exists || info.LinkTarget is not null) continue;
            try
            {
                if (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full))) != delete.Sha256) continue;
                info.Delete();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                failed.Add(new NotDeleted(file, error.Message));
                continue;
            }
            DeleteEmptyFolders(folder, Path.GetDirectoryName(full)!);
        }
        File.Delete(journalPath);
        return failed;
    }

    /// <summary>Each file's absolute destination, checked: a plain relative path, no link or file on the way, not a folder.</summary>
    private static List<(string Destination, byte[] Bytes)> Plan(string folder, IReadOnlyList<StagedFile> files)
    {
        var plan = new List<(string, byte[])>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (relative, bytes) in files)
        {
            if (!IsPlainRelative(relative))
            {
                throw new IOException($"cannot write \"{relative}\" in {folder}: not a plain relative path");
            }
            if (!seen.Add(relative))
            {
                throw new IOException($"cannot write {relative} in {folder} twice (names that differ only in case are one file on some disks)");
            }
            if (relative is JournalName or LockName || TempName().IsMatch(relative.Split('/')[^1]))
            {
                throw new IOException($"cannot write {relative} in {folder}: the writer uses that name itself");
            }
            var destination = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            for (var step = Path.GetDirectoryName(destination)!; step.Length > folder.Length; step = Path.GetDirectoryName(step)!)
            {
                if (SafePath.IsLink(step))
                {
                    throw new IOException($"cannot write {destination}: {step} is a symbolic link (to {new FileInfo(step).LinkTarget}), and nothing is written through a link");
                }
                if (File.Exists(step))
                {
                    throw new IOException($"cannot write {destination}: {step} is a file, not a folder");
                }
            }
            if (Directory.Exists(destination) && !SafePath.IsLink(destination))
            {
                throw new IOException($"cannot write {destination}: it is a folder");
            }
            plan.Add((destination, bytes));
        }
        return plan;
    }

    private static void CreateFolders(string folder, string parent, List<string> created)
    {
        var missing = new Stack<string>();
        for (var step = parent; step.Length > folder.Length && !Directory.Exists(step); step = Path.GetDirectoryName(step)!)
        {
            missing.Push(step);
        }
        while (missing.TryPop(out var step))
        {
            Directory.CreateDirectory(step);
            created.Add(step);
            if (SafePath.IsLink(step))
            {
                throw new IOException($"cannot write in {step}: it became a symbolic link while the export was writing");
            }
        }
    }

    /// <summary>A new file of random name in the folder holding the bytes, created exclusively (O_EXCL: never through a link) and flushed to disk.</summary>
    private static string WriteTemp(string folder, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(folder, TempPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
        return path;
    }

    /// <summary>The writer's temporary files anywhere in the folder, not looking through links.</summary>
    private static IEnumerable<string> Temporaries(string folder)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos("*", options))
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo) pending.Push(entry.FullName);
                else if (TempName().IsMatch(entry.Name)) yield return entry.FullName;
            }
        }
    }

    /// <summary>Writes one file whole or not at all, beside it under a temporary name, keeping the old file's permissions.</summary>
    public static void ReplaceFile(string path, ReadOnlySpan<byte> bytes)
    {
        var folder = Path.GetDirectoryName(path)!;
        var temp = WriteTemp(folder, bytes);
        try
        {
            if (!OperatingSystem.IsWindows() && File.Exists(path))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>"a/b.html": no root, drive, backslash, empty step, "." or "..".</summary>
    public static bool IsPlainRelative(string path) =>
        path.Length > 0
        && !Path.IsPathRooted(path)
        && path.IndexOfAny(['\\', ':', '\0']) < 0
        && path.Split('/').All(step => step.Length > 0 && step != "." && step != "..");

    /// <summary>Whether a folder between <paramref name="folder"/> and the file is a symbolic link (which could lead anywhere).</summary>
    public static bool PassesThroughLink(string folder, string full)
    {
        for (var step = Path.GetDirectoryName(full); step is not null && step.Length > folder.Length; step = Path.GetDirectoryName(step))
        {
            if (SafePath.IsLink(step)) return true;
        }
        return false;
    }

    private static void DeleteEmptyFolders(string folder, string start)
    {
        for (var current = start; current.Length > folder.Length && SafePath.IsAtOrInside(current, folder); current = Path.GetDirectoryName(current)!)
        {
            if (!TryDeleteEmptyFolder(current)) return;
        }
    }

    private static bool TryDeleteEmptyFolder(string path)
    {
        var info = new DirectoryInfo(path);
        try
        {
            if (!info.Exists || info.LinkTarget is not null || info.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }).Any()) return false;
            info.Delete();
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Relative(string folder, string full) => Path.GetRelativePath(folder, full).Replace(Path.DirectorySeparatorChar, '/');
}

internal sealed record Journal(List<JournalRename> Renames, List<JournalDelete> Deletes);

internal sealed record JournalRename(string Temp, string Destination);

internal sealed record JournalDelete(string Path, string Sha256);

[System.Text.Json.Serialization.JsonSerializable(typeof(Journal))]
internal sealed partial class JournalContext : System.Text.Json.Serialization.JsonSerializerContext;
