using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Neurons.Workbook.Site;

/// <summary>
/// A ```csharp (or cs, c#) fence in the prose is coloured like a code cell; any other fence is
/// left to Markdig.
/// </summary>
internal sealed class CSharpFenceExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) { }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && html.ObjectRenderers.FindExact<CodeBlockRenderer>() is { } markdig)
            html.ObjectRenderers.Replace<CodeBlockRenderer>(new CSharpFenceRenderer(markdig));
    }
}

internal sealed class CSharpFenceRenderer(CodeBlockRenderer markdig) : HtmlObjectRenderer<CodeBlock>
{
    private static readonly HashSet<string> CSharp = new(StringComparer.OrdinalIgnoreCase) { "csharp", "cs", "c#" };

    protected override void Write(HtmlRenderer renderer, CodeBlock block)
    {
        if (block is not FencedCodeBlock { Info: { } info } || !CSharp.Contains(info.Trim()))
        {
            markdig.Write(renderer, block);
            return;
        }
        var source = string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(line => line.Slice.ToString()));
        renderer.EnsureLine();
        renderer.Write("<pre class=\"sketch\"><code class=\"language-csharp\">")
            .Write(CSharpHighlighter.ToHtml(source))
            .WriteLine("</code></pre>");
    }
}
