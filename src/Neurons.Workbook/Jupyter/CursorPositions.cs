using System.Text;
using Microsoft.DotNet.Interactive;

namespace Neurons.Workbook.Jupyter;

/// <summary>
/// Jupyter counts cursor positions in Unicode code points; .NET strings and the kernel's line
/// positions count UTF-16 units, so a character outside the BMP (an emoji, 𝑤) counts once there
/// and twice here.
/// </summary>
public static class CursorPositions
{
    /// <summary>The UTF-16 offset of code point <paramref name="codePoints"/> (clamped to the text).</summary>
    public static int ToUtf16(string text, int codePoints)
    {
        var offset = 0;
        for (var seen = 0; seen < codePoints && offset < text.Length; seen++)
        {
            offset += char.IsHighSurrogate(text[offset]) && offset + 1 < text.Length && char.IsLowSurrogate(text[offset + 1]) ? 2 : 1;
        }
        return offset;
    }

    /// <summary>The code point count of the first <paramref name="utf16"/> units of the text.</summary>
    public static int ToCodePoints(string text, int utf16)
    {
        utf16 = Math.Clamp(utf16, 0, text.Length);
        var count = 0;
        for (var i = 0; i < utf16; i++)
        {
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The line and UTF-16 column of a UTF-16 offset.</summary>
    public static LinePosition ToLinePosition(string text, int utf16)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < utf16 && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new LinePosition(line, utf16 - lineStart);
    }

    /// <summary>The UTF-16 offset of a line and UTF-16 column.</summary>
    public static int ToOffset(string text, LinePosition position)
    {
        var offset = 0;
        for (var line = 0; line < position.Line && offset < text.Length; offset++)
        {
            if (text[offset] == '\n')
            {
                line++;
            }
        }
        return Math.Min(offset + position.Character, text.Length);
    }
}
