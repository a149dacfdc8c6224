using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Neurons.Workbook.Site;

/// <summary>
/// Inline math read the way VS Code and Jupyter read it (pandoc's tex_math_dollars rules), not
/// Markdig's stricter ones: $...$ opens before a non-space and closes after one, and not before a
/// digit (so "$5 and $10" stays text while "$\lambda$s" is math); $$...$$ is a displayed formula
/// even inside a paragraph; both may run over several lines of it. Markdig's $$ block form stays
/// as it is. Added after UseMathematics, whose inline parser and renderer it replaces.
/// </summary>
internal sealed class DollarMathExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Replace<MathInlineParser>(new DollarMathParser()))
            throw new InvalidOperationException("DollarMathExtension needs UseMathematics() before it.");
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
            html.ObjectRenderers.ReplaceOrAdd<HtmlMathInlineRenderer>(new DollarMathRenderer());
    }
}

internal sealed class DollarMathParser : InlineParser
{
    public DollarMathParser() => OpeningCharacters = ['$'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        var open = slice.Start;
        var last = slice.End;
        var dollars = open + 1 <= last && text[open + 1] == '$' ? 2 : 1;
        var contentStart = open + dollars;
        if (contentStart > last || dollars == 1 && char.IsWhiteSpace(text[contentStart])) return false;

        var close = -1;
        for (var i = contentStart; i <= last && close < 0; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++; // an escaped character, \$ included, belongs to the TeX
                continue;
            }
            if (c != '$') continue;
            if (dollars == 2)
            {
                if (i > contentStart && i + 1 <= last && text[i + 1] == '$') close = i;
            }
            else if (char.IsWhiteSpace(text[i - 1]))
            {
                continue;
            }
            else if (i == contentStart)
            {
                return false;
            }
            else if (!(i + 1 <= last && char.IsAsciiDigit(text[i + 1])))
            {
                close = i;
            }
        }
        if (close < 0) return false;

        var start = processor.GetSourcePosition(open, out var line, out var column);
        processor.Inline = new MathInline
        {
            Delimiter = '$',
            DelimiterCount = dollars,
            Content = new StringSlice(text, contentStart, close - 1),
            Span = new SourceSpan(start, processor.GetSourcePosition(close + dollars - 1)),
            Line = line,
            Column = column,
        };
        slice.Start = close + dollars;
        return true;
    }
}

/// <summary>
/// The TeX, escaped, between \( \) for a formula in the line or \[ \] for a displayed one, in a span
/// with the class "math" that assets/math.js hands to KaTeX.
/// </summary>
internal sealed class DollarMathRenderer : HtmlObjectRenderer<MathInline>
{
    protected override void Write(HtmlRenderer renderer, MathInline math)
    {
        var display = math.DelimiterCount >= 2;
        renderer.Write("<span class=\"math\">")
            .Write(display ? "\\[" : "\\(")
            .Write(Html.Encode(math.Content.ToString()))
            .Write(display ? "\\]" : "\\)")
            .Write("</span>");
    }
}
