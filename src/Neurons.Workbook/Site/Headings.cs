using System.Text;
using System.Text.RegularExpressions;

namespace Neurons.Workbook.Site;

/// <summary>A section heading of a chapter: its level (2 or 3 in the contents), its anchor, and its sanitised inline HTML.</summary>
internal sealed record Heading(int Level, string Id, string Html, string Text);

/// <summary>
/// Gives every heading of a page an id unique on the page and a visible anchor link a reader can
/// copy, and collects the headings for the page's contents list. Works on sanitised HTML, whose
/// tags the sanitiser has written in one regular form.
/// </summary>
internal static partial class Headings
{
    /// <param name="html">A markdown cell's sanitised HTML.</param>
    /// <param name="used">The ids already on the page; the new ones are added.</param>
    /// <param name="found">Each heading found, in order.</param>
    public static string Anchor(string html, HashSet<string> used, List<Heading> found)
    {
        return HeadingTag().Replace(html, match =>
        {
            var level = match.Groups["level"].Value[0] - '0';
            var attributes = match.Groups["attributes"].Value;
            var inner = match.Groups["inner"].Value;
            var idMatch = IdAttribute().Match(attributes);
            var text = SiteText.Plain(inner);
            var wanted = idMatch.Success ? idMatch.Groups[1].Value : Slug(text);
            var id = Unique(wanted.Length == 0 ? "section" : wanted, used);
            attributes = idMatch.Success ? attributes.Replace(idMatch.Value, $" id=\"{id}\"") : attributes + $" id=\"{id}\"";
            var inline = SafeHtml.Clean(inner, SafeHtml.Kind.Inline);
            found.Add(new Heading(level, id, inline, text));
            if (level == 1) return $"<h1{attributes}>{inner}</h1>";
            return $"<h{level}{attributes}>{inner} <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>";
        });
    }

    /// <summary>Anchored HTML cut at its headings: what comes before the first, then each heading with what follows it.</summary>
    public static IEnumerable<(Heading? Heading, string Html)> Split(string anchoredHtml)
    {
        var matches = HeadingTag().Matches(anchoredHtml);
        var start = 0;
        Heading? current = null;
        foreach (Match match in matches)
        {
            yield return (current, anchoredHtml[start..match.Index]);
            var inner = AnchorLink().Replace(match.Groups["inner"].Value, "");
            var id = IdAttribute().Match(match.Groups["attributes"].Value).Groups[1].Value;
            current = new Heading(match.Groups["level"].Value[0] - '0', id, inner, SiteText.Plain(inner));
            start = match.Index + match.Length;
        }
        yield return (current, anchoredHtml[start..]);
    }

    private static string Unique(string id, HashSet<string> used)
    {
        var candidate = id;
        for (var n = 1; used.Contains(candidate) || SafeHtml.ReservedIds.Contains(candidate) || candidate.StartsWith("chart-", StringComparison.Ordinal); n++)
            candidate = $"{id}-{n}";
        used.Add(candidate);
        return candidate;
    }

    /// <summary>GitHub's rule, as Markdig's auto identifiers use it: lower case, spaces to hyphens, punctuation dropped.</summary>
    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
            else if (c == ' ') slug.Append('-');
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"<h(?<level>[1-6])(?<attributes>(?: [a-z-]+(?:=""[^""]*"")?)*)>(?<inner>.*?)</h\k<level>>", RegexOptions.Singleline)]
    private static partial Regex HeadingTag();

    [GeneratedRegex(@" <a class=""anchor"" href=""#[^""]*"" aria-label=""Link to this section"">#</a>")]
    private static partial Regex AnchorLink();

    [GeneratedRegex(@" id=""([^""]*)""")]
    private static partial Regex IdAttribute();
}

/// <summary>Text a reader sees in sanitised HTML.</summary>
internal static partial class SiteText
{
    /// <summary>Tags removed, entities decoded, formulas as their TeX without delimiters, spaces collapsed.</summary>
    public static string Plain(string cleanHtml)
    {
        var math = MathDelimiters().Replace(cleanHtml, "$1");
        return Whitespace().Replace(SafeHtml.VisibleText(math), " ").Trim();
    }

    [GeneratedRegex(@"<span class=""math"">\\[(\[](.*?)\\[)\]]</span>", RegexOptions.Singleline)]
    private static partial Regex MathDelimiters();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
