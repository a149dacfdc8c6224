using System.Text;

namespace Neurons.Workbook.IO;

/// <summary>
/// Writes a file whole or not at all: the bytes go to a temporary file of unpredictable name in the
/// same folder, created exclusively (so never through a link planted there), which is then renamed
/// over the target. An interrupted write leaves the previous file (or none), and a temporary file
/// that <see cref="StagedWrite.Recover"/> removes. For a set of files, use <see cref="StagedWrite.Commit"/>.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8NoBom.GetBytes(text));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        StagedWrite.ReplaceFile(full, bytes);
    }
}
