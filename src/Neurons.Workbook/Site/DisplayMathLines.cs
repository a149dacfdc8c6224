using System.Text;

namespace Neurons.Workbook.Site;

/// <summary>
/// VS Code and Jupyter show $$...$$ as a displayed formula even when it runs over several lines of
/// a paragraph; Markdig allows no line break inside inline math and would print such a formula as
/// text. So before Markdig reads a cell, the line breaks inside each such $$...$$ become spaces,
/// which TeX reads the same way. Left alone: the block form ($$ alone on its line, which Markdig
/// reads itself), a $$ that a blank line separates from the next, a formula with a TeX % comment
/// (a joined line would comment out the rest), code spans and fenced code.
/// </summary>
internal static class DisplayMathLines
{
    public static string Join(string markdown)
    {
        if (!markdown.Contains("$$", StringComparison.Ordinal)) return markdown;

        var text = new StringBuilder(markdown.Length);
        var fence = "";
        var i = 0;
        while (i < markdown.Length)
        {
            var atLineStart = i == 0 || markdown[i - 1] == '\n';
            if (atLineStart && Fence(markdown, i) is { } marker)
            {
                // A fence line opens or closes a code block; copy the line as it is.
                if (fence.Length == 0) fence = marker;
                else if (marker.StartsWith(fence, StringComparison.Ordinal)) fence = "";
                i = CopyLine(markdown, i, text);
                continue;
            }
            if (fence.Length > 0)
            {
                i = CopyLine(markdown, i, text);
                continue;
            }

            var c = markdown[i];
            if (c == '\\' && i + 1 < markdown.Length)
            {
                text.Append(c).Append(markdown[i + 1]);
                i += 2;
            }
            else if (c == '`')
            {
                i = CopyCodeSpan(markdown, i, text);
            }
            else if (c == '$' && i + 1 < markdown.Length && markdown[i + 1] == '$')
            {
                i = CopyDisplayMath(markdown, i, text);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return text.ToString();
    }

    private static string? Fence(string markdown, int start)
    {
        var i = start;
        while (i < markdown.Length && i - start < 3 && markdown[i] == ' ') i++;
        if (i >= markdown.Length || markdown[i] is not ('`' or '~')) return null;
        var end = i;
        while (end < markdown.Length && markdown[end] == markdown[i]) end++;
        return end - i >= 3 ? markdown[i..end] : null;
    }

    private static int CopyLine(string markdown, int start, StringBuilder text)
    {
        var end = markdown.IndexOf('\n', start);
        end = end < 0 ? markdown.Length : end + 1;
        text.Append(markdown, start, end - start);
        return end;
    }

    private static int CopyCodeSpan(string markdown, int start, StringBuilder text)
    {
        var run = start;
        while (run < markdown.Length && markdown[run] == '`') run++;
        var ticks = markdown[start..run];
        var close = markdown.IndexOf(ticks, run, StringComparison.Ordinal);
        var end = close < 0 ? run : close + ticks.Length;
        text.Append(markdown, start, end - start);
        return end;
    }

    private static int CopyDisplayMath(string markdown, int start, StringBuilder text)
    {
        var contentStart = start + 2;
        var close = markdown.IndexOf("$$", contentStart, StringComparison.Ordinal);
        var lineEnd = markdown.IndexOf('\n', contentStart);
        var blockForm = markdown.AsSpan(contentStart, (lineEnd < 0 ? markdown.Length : lineEnd) - contentStart).IsWhiteSpace();
        if (close < 0 || blockForm)
        {
            text.Append("$$");
            return contentStart;
        }

        var content = markdown[contentStart..close];
        var spansLines = content.Contains('\n');
        var blankLine = content.Replace("\r", "").Split('\n').Skip(1).SkipLast(1).Any(string.IsNullOrWhiteSpace);
        var texComment = content.Select((ch, k) => ch == '%' && (k == 0 || content[k - 1] != '\\')).Any(x => x);
        if (spansLines && !blankLine && !texComment && !char.IsWhiteSpace(content[^1]))
            content = content.Replace("\r\n", " ").Replace('\n', ' ');
        text.Append("$$").Append(content).Append("$$");
        return close + 2;
    }
}
