using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Neurons.Workbook.Site;

/// <summary>
/// The sentence or two the index shows for a chapter, taken from its introduction (what comes
/// before its first section): the sentence that says what "this chapter" does and the one after
/// it; when that sentence ends in a colon before a list, the list's items complete it. Without
/// such a sentence, the introduction's first two sentences. A source line ("Source: …") is never used.
/// </summary>
internal static class Summaries
{
    internal sealed record Block(string? Paragraph, IReadOnlyList<string>? Items);

    /// <summary>Adds the document's introductory paragraphs and lists; true once the first section heading is reached.</summary>
    public static bool Collect(MarkdownDocument document, List<Block> blocks, Func<ContainerInline, string> inlineHtml)
    {
        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock { Level: >= 2 }:
                    return true;
                case ParagraphBlock { Inline: { } inline }:
                    blocks.Add(new Block(SafeHtml.Clean(inlineHtml(inline), SafeHtml.Kind.Inline).Trim(), null));
                    break;
                case ListBlock list:
                    var items = new List<string>();
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var paragraph = item.OfType<ParagraphBlock>().FirstOrDefault();
                        if (paragraph?.Inline is { } itemInline) items.Add(SafeHtml.Clean(inlineHtml(itemInline), SafeHtml.Kind.Inline).Trim().TrimEnd(';', '.', ','));
                    }
                    blocks.Add(new Block(null, items));
                    break;
            }
        }
        return false;
    }

    public static string Pick(IReadOnlyList<Block> blocks)
    {
        var paragraphs = blocks.Select((block, i) => (block, i))
            .Where(p => p.block.Paragraph is { Length: > 0 } text && !SiteText.Plain(text).TrimStart('*', ' ').StartsWith("Source", StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var (block, i) in paragraphs)
        {
            var sentences = Sentences(block.Paragraph!);
            var k = sentences.FindIndex(s => SiteText.Plain(s).Contains("this chapter", StringComparison.OrdinalIgnoreCase));
            if (k < 0) continue;
            var chosen = sentences.Skip(k).Take(2).ToList();
            var last = SiteText.Plain(chosen[^1]);
            if (last.EndsWith(':') && k + chosen.Count == sentences.Count
                && i + 1 < blocks.Count && blocks[i + 1].Items is { Count: > 0 } items)
            {
                chosen[^1] = chosen[^1].TrimEnd() + " " + string.Join("; ", items) + ".";
            }
            else if (chosen.Count > 1 && !Ended(last))
            {
                // "You will" before a list: not a sentence on its own.
                chosen.RemoveAt(chosen.Count - 1);
            }
            return string.Join(" ", chosen.Select(c => c.Trim()));
        }
        if (paragraphs.Count == 0) return "";
        return string.Join(" ", Sentences(paragraphs[0].block.Paragraph!).Take(2).Select(c => c.Trim()));
    }

    private static bool Ended(string sentence) => sentence.TrimEnd('"', '”', '’', ')', ' ').EndsWith('.') || sentence.EndsWith('!') || sentence.EndsWith('?');

    /// <summary>Sanitised inline HTML cut into sentences, never inside a tag or a formula.</summary>
    public static List<string> Sentences(string html)
    {
        var sentences = new List<string>();
        var current = new StringBuilder();
        var inTag = false;
        var inMath = false;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            current.Append(c);
            if (inTag)
            {
                if (c == '>') inTag = false;
                continue;
            }
            if (c == '<')
            {
                if (html.AsSpan(i).StartsWith("<span class=\"math\">")) inMath = true;
                else if (inMath && html.AsSpan(i).StartsWith("</span>")) inMath = false;
                inTag = true;
                continue;
            }
            if (inMath || c is not ('.' or '!' or '?')) continue;
            // Closing tags and quotes that end the sentence stay with it.
            var j = i + 1;
            while (j < html.Length)
            {
                if (html[j] is '"' or '”' or '’' or ')') { j++; continue; }
                if (html.AsSpan(j).StartsWith("</"))
                {
                    var close = html.IndexOf('>', j);
                    if (close < 0) break;
                    j = close + 1;
                    continue;
                }
                break;
            }
            if (j < html.Length && !char.IsWhiteSpace(html[j])) continue;
            if (EndsWithAbbreviation(current)) continue;
            current.Append(html, i + 1, j - i - 1);
            i = j - 1;
            sentences.Add(current.ToString());
            current.Clear();
        }
        if (current.ToString().Trim().Length > 0) sentences.Add(current.ToString());
        return sentences;
    }

    private static bool EndsWithAbbreviation(StringBuilder text)
    {
        var s = text.ToString();
        foreach (var abbreviation in new[] { "e.g.", "i.e.", "vs.", "etc.", "cf." })
            if (s.EndsWith(abbreviation, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
