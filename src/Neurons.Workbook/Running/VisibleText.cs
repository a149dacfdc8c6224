using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Neurons.Workbook.Running;

/// <summary>
/// What a reader reads of an HTML output, as text: the kernel's tree views and <c>&lt;pre&gt;</c>
/// blocks without their tags, styles and scripts, entities decoded, table cells apart. For a
/// terminal (<c>run --show</c>) and for comparing two kernels' outputs.
/// </summary>
public static partial class VisibleText
{
    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    [GeneratedRegex(@"</?(tr|p|div|pre|summary|details|li|ul|ol|table|thead|tbody|h[1-6]|br)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Block();

    [GeneratedRegex(@"</?(td|th)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cell();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    public static string Of(string html)
    {
        var text = Invisible().Replace(html, "");
        text = Comment().Replace(text, "");
        text = Block().Replace(text, "\n");
        text = Cell().Replace(text, " ");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Split('\n')
            .Select(l => Spaces().Replace(l, " ").Trim())
            .Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }
}
