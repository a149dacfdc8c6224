using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Neurons.Workbook.Site;

/// <summary>
/// An allow-list sanitiser, as nbconvert's and JupyterLab's are: the HTML is parsed as a browser
/// parses it (AngleSharp, the HTML5 algorithm), then written again keeping only the formatting
/// elements and attributes authors and the kernel use. Scripts, styles, frames, embedded objects,
/// forms, SVG and MathML are dropped with their content; any other unknown element is dropped but
/// its content kept; event handlers and every attribute not listed are dropped; a link or image
/// whose URL is not http(s), mailto, relative or in-page loses it. Comments are dropped.
/// The same input always gives the same output.
/// </summary>
internal static partial class SafeHtml
{
    /// <summary>How much of the HTML survives, by where it is shown.</summary>
    public enum Kind
    {
        /// <summary>A markdown cell's rendered HTML: ids kept (heading anchors), when they are plain names.</summary>
        Prose,
        /// <summary>A heading shown inside a link (index, previous and next): no links, no ids.</summary>
        Inline,
        /// <summary>A kernel's text/html output: no ids (the kernel's are random GUIDs), no links into the page.</summary>
        Output,
    }

    // Kept, with their allowed attributes.
    private static readonly HashSet<string> Elements = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    };

    // Dropped together with everything inside them.
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.Ordinal)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param", "noscript",
        "noembed", "noframes", "template", "svg", "math", "canvas", "audio", "video", "source", "track",
        "picture", "form", "input", "button", "select", "option", "optgroup", "textarea", "datalist",
        "output", "title", "head", "meta", "link", "base", "xmp", "plaintext", "dialog", "portal", "slot",
    };

    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "br", "col", "hr", "img", "wbr" };

    private static readonly HashSet<string> GlobalAttributes = new(StringComparer.Ordinal) { "class", "title", "lang", "dir" };

    private static readonly Dictionary<string, HashSet<string>> ElementAttributes = new(StringComparer.Ordinal)
    {
        ["a"] = ["href"],
        ["img"] = ["src", "alt", "width", "height"],
        ["td"] = ["colspan", "rowspan", "style"],
        ["th"] = ["colspan", "rowspan", "style", "scope"],
        ["col"] = ["span"],
        ["colgroup"] = ["span"],
        ["ol"] = ["start", "type", "reversed"],
        ["li"] = ["value"],
        ["details"] = ["open"],
        ["time"] = ["datetime"],
        ["blockquote"] = ["cite"],
        ["q"] = ["cite"],
        ["del"] = ["cite", "datetime"],
        ["ins"] = ["cite", "datetime"],
    };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.Ordinal) { "href", "src", "cite" };

    /// <summary>Ids the site's own markup and scripts use; an author's element may not take them.</summary>
    public static readonly HashSet<string> ReservedIds = new(StringComparer.Ordinal) { "contents", "search", "search-input", "search-results", "main", "top", "sources" };

    public static string Clean(string html, Kind kind)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length == 0) return "";
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><head></head><body></body></html>");
        var nodes = parser.ParseFragment(html, document.Body!);
        var output = new StringBuilder(html.Length);
        foreach (var node in nodes) Write(node, kind, output);
        return output.ToString();
    }

    /// <summary>Whether the sanitised HTML shows anything: text, an image or a rule.</summary>
    public static bool ShowsAnything(string cleanHtml) =>
        VisibleText(cleanHtml).Trim().Length > 0 || cleanHtml.Contains("<img", StringComparison.Ordinal);

    /// <summary>The text a reader sees in sanitised HTML, tags removed and entities decoded.</summary>
    public static string VisibleText(string cleanHtml) => System.Net.WebUtility.HtmlDecode(Tag().Replace(cleanHtml, ""));

    private static void Write(INode node, Kind kind, StringBuilder output)
    {
        switch (node)
        {
            case IText text:
                output.Append(EncodeText(text.Data));
                break;
            case IElement element:
                WriteElement(element, kind, output);
                break;
            // Comments, processing instructions and doctypes are dropped.
        }
    }

    private static void WriteElement(IElement element, Kind kind, StringBuilder output)
    {
        // Elements outside the HTML namespace (inside svg or math) never get here: those are dropped whole.
        var name = element.LocalName;
        if (DroppedWithContent.Contains(name)) return;
        var keep = Elements.Contains(name) && !(kind == Kind.Inline && name == "a");
        if (!keep)
        {
            WriteChildren(element, kind, output);
            return;
        }

        var attributes = new StringBuilder();
        foreach (var attribute in element.Attributes)
        {
            var attributeName = attribute.LocalName;
            if (attribute.NamespaceUri is { Length: > 0 }) continue;
            string? value = attribute.Value;
            if (attributeName == "id")
            {
                value = kind == Kind.Prose && PlainId().IsMatch(value) && !ReservedIds.Contains(value) ? value : null;
            }
            else if (GlobalAttributes.Contains(attributeName)
                     || (ElementAttributes.TryGetValue(name, out var allowed) && allowed.Contains(attributeName)))
            {
                if (UrlAttributes.Contains(attributeName)) value = SafeUrl(value, kind);
                else if (attributeName == "style") value = TextAlign().IsMatch(value) ? value.Trim() : null;
            }
            else
            {
                value = null; // on* handlers, style elsewhere, srcset, formaction, name, xlink:href, ...
            }
            if (value is null) continue;
            attributes.Append(' ').Append(attributeName);
            // Boolean attributes are written bare (open="open" and open mean the same).
            if (attributeName is not ("open" or "reversed"))
                attributes.Append("=\"").Append(EncodeAttribute(value)).Append('"');
        }
        // An image with no usable source shows nothing but a broken icon: drop it.
        if (name == "img" && element.GetAttribute("src") is { } src && SafeUrl(src, kind) is null) return;
        if (name == "img" && element.GetAttribute("src") is null) return;

        output.Append('<').Append(name).Append(attributes).Append('>');
        if (VoidElements.Contains(name)) return;
        // The parser drops one newline right after <pre>; write it back so a leading blank line survives.
        if (name == "pre" && element.FirstChild is IText { Data: var first } && first.StartsWith('\n')) output.Append('\n');
        WriteChildren(element, kind, output);
        output.Append("</").Append(name).Append('>');
    }

    private static void WriteChildren(IElement element, Kind kind, StringBuilder output)
    {
        foreach (var child in element.ChildNodes) Write(child, kind, output);
    }

    /// <summary>
    /// The URL if it is http, https, mailto, relative or in-page; otherwise null. The scheme is read
    /// as a browser reads it: leading spaces and control characters, and tabs and newlines anywhere,
    /// are ignored, and letter case does not matter.
    /// </summary>
    public static string? SafeUrl(string url, Kind kind = Kind.Prose)
    {
        var seen = new StringBuilder(url.Length);
        foreach (var c in url.Trim('\0', ' ', '\u0001', '\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\b', '\t', '\n', '\v', '\f', '\r',
                     '\u000e', '\u000f', '\u0010', '\u0011', '\u0012', '\u0013', '\u0014', '\u0015', '\u0016', '\u0017', '\u0018', '\u0019',
                     '\u001a', '\u001b', '\u001c', '\u001d', '\u001e', '\u001f'))
        {
            if (c is not ('\t' or '\n' or '\r')) seen.Append(c);
        }
        var text = seen.ToString();
        if (text.Any(char.IsControl)) return null;
        var scheme = Scheme().Match(text);
        if (scheme.Success)
        {
            var name = scheme.Groups[1].Value.ToLowerInvariant();
            return name is "http" or "https" or "mailto" ? url.Trim() : null;
        }
        // No scheme: relative or in-page. A colon before any /, ? or # would be read as a scheme by
        // some browser or other; refuse it rather than guess.
        var beforePath = text.Split('/', '?', '#')[0];
        if (beforePath.Contains(':')) return null;
        if (kind == Kind.Output && text.StartsWith('#')) return null; // an output has no anchors of its own
        return url.Trim();
    }

    private static string EncodeText(string text)
    {
        var html = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            html.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\u00a0' => "&nbsp;",
                _ => c.ToString(),
            });
        }
        return html.ToString();
    }

    private static string EncodeAttribute(string value) => Html.Encode(value);

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*):")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-.]*$")]
    private static partial Regex PlainId();

    [GeneratedRegex(@"^\s*text-align\s*:\s*(left|right|center|start|end)\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TextAlign();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
