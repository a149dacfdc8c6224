using System.Runtime.InteropServices;
using System.Text;

namespace Neurons.Workbook.IO;

/// <summary>
/// Where a path really leads: every symbolic link on it resolved, as the operating system would
/// follow it, so a writer decides where each file lands before it writes anything.
/// </summary>
public static partial class SafePath
{
    /// <summary>The longest file name (one path step) Linux and macOS accept, in bytes of UTF-8.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The longest path Linux accepts, in bytes of UTF-8, without its terminating NUL.</summary>
    public const int MaxPathBytes = 4095;

    private const int MaxLinks = 40;

    /// <summary>
    /// The absolute path with every link on it resolved, the steps that do not exist yet appended
    /// as they are. A loop of links, or more than 40, fails with an <see cref="IOException"/> naming the path.
    /// </summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Queue<string>(Steps(full));
        var links = 0;
        var missing = false;
        while (pending.TryDequeue(out var step))
        {
            if (step == ".") continue;
            if (step == "..")
            {
                // current never holds a link, so its parent is where ".." really leads.
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, step);
            if (!missing && new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"{full}: more than {MaxLinks} symbolic links, or a loop of them, on the way");
                }
                // The link's target replaces this step (a relative target is read from the link's folder).
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                pending = new Queue<string>(Steps(resolved).Concat(pending));
                current = Path.GetPathRoot(Path.GetFullPath(resolved))!;
                continue;
            }
            missing = missing || !(File.Exists(next) || Directory.Exists(next));
            current = next;
        }
        return current;
    }

    private static string[] Steps(string path) =>
        path[Path.GetPathRoot(path)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both absolute, compared by ordinal).</summary>
    public static bool IsAtOrInside(string path, string folder)
    {
        var f = folder.TrimEnd(Path.DirectorySeparatorChar);
        var p = path.TrimEnd(Path.DirectorySeparatorChar);
        return p == f || p.StartsWith(f + Path.DirectorySeparatorChar, StringComparison.Ordinal) || f.Length == 0;
    }

    /// <summary>Whether the path names a symbolic link (to anything, or to nothing).</summary>
    public static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>Whether the path is a filesystem root ("/", "C:\").</summary>
    public static bool IsRoot(string fullPath) =>
        Path.GetPathRoot(fullPath) is { } root && root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) ==
        fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    /// <summary>Why the path is too long for the filesystem, or null when it is not.</summary>
    public static string? TooLong(string fullPath)
    {
        var bytes = Encoding.UTF8.GetByteCount(fullPath);
        if (bytes > MaxPathBytes)
        {
            return $"it is {bytes} bytes long, longer than the {MaxPathBytes} a path may have";
        }
        var name = fullPath.Split(Path.DirectorySeparatorChar).FirstOrDefault(step => Encoding.UTF8.GetByteCount(step) > MaxNameBytes);
        return name is null
            ? null
            : $"its step \"{name[..20]}…\" is {Encoding.UTF8.GetByteCount(name)} bytes long, longer than the {MaxNameBytes} a file name may have";
    }

    /// <summary>
    /// Why this process could not create files in the folder, or null when it can: the folder's
    /// permission bits grant no one write access (a read-only folder, refused even for root), or
    /// the operating system says this user may not write there.
    /// </summary>
    public static string? CannotWriteIn(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(folder);
            if ((mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
            {
                return $"{folder} is read-only (mode {Convert.ToString((int)mode, 8)})";
            }
            if (Access(folder, WriteOk | ExecuteOk) != 0)
            {
                return $"this user may not create files in {folder} ({new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message})";
            }
        }
        else if (new DirectoryInfo(folder).Attributes.HasFlag(FileAttributes.ReadOnly))
        {
            return $"{folder} is read-only";
        }
        return null;
    }

    private const int WriteOk = 2;
    private const int ExecuteOk = 1;

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
