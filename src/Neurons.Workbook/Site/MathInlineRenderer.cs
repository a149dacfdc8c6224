using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Neurons.Workbook.Site;

/// <summary>
/// Inline math as Jupyter and VS Code read it: $...$ stays in the line, while $$...$$ inside a
/// paragraph is a displayed formula. The TeX is kept, escaped, between \( \) or \[ \] in a span
/// with the class "math", for assets/math.js to hand to KaTeX.
/// </summary>
internal sealed class MathInlineRenderer : HtmlObjectRenderer<MathInline>
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
