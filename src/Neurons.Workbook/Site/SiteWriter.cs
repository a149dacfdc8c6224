using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Markdig.Extensions.Mathematics;
using Neurons.Workbook.IO;

namespace Neurons.Workbook.Site;

/// <summary>
/// Writes executed notebooks as a static site that works opened from disk with no network:
/// index.html listing the chapters, one page per chapter (prose with its math, highlighted code,
/// outputs, interactive charts), and assets/ with plotly.js, KaTeX and the stylesheet.
/// The same input always gives the same bytes.
/// </summary>
public static partial class SiteWriter
{
    public const string SiteTitle = "Neurons.Notebooks";
    private const string PlotlyMime = "application/vnd.plotly.v1+json";
    private const string IndexPageName = "index.html";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseMathematics()
        .Use<DollarMathExtension>()
        .Use<CSharpFenceExtension>()
        .UseAutoLinks()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .Build();

    private sealed record Chapter(string FileName, string PageName, string Title, string TitleHtml, string Body, bool HasCharts);

    /// <param name="executed">Each notebook's file name (e.g. 01-neuron.ipynb) and its executed nbformat 4 JSON.</param>
    /// <param name="outDir">The site's folder; created if missing. Files of the same name are replaced whole.</param>
    /// <exception cref="InvalidDataException">A notebook the writer cannot read; the message names it, the cell and the value.</exception>
    public static void Write(IReadOnlyList<(string FileName, JsonObject Notebook)> executed, string outDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        // Everything is rendered before anything is written, so bad input leaves the folder as it was.
        foreach (var (path, bytes) in Render(executed)) AtomicFile.WriteAllBytes(Path.Combine(outDir, path), bytes);
    }

    /// <summary>
    /// The site's files, without writing them: each as its path relative to the site's folder (with
    /// "/" between folders, e.g. assets/site.css) and its bytes: the assets, the chapters, and the
    /// index last, so a site being written never links to a page that is not there yet.
    /// </summary>
    /// <exception cref="InvalidDataException">A notebook the writer cannot read; the message names it, the cell and the value.</exception>
    public static IReadOnlyList<(string Path, byte[] Bytes)> Render(IReadOnlyList<(string FileName, JsonObject Notebook)> executed)
    {
        ArgumentNullException.ThrowIfNull(executed);
        if (executed.Count == 0) throw new ArgumentException("There are no notebooks to write a site for.", nameof(executed));

        var assets = SiteAssets.Load();
        var chapters = executed
            .Select(entry => RenderChapter(entry.FileName, entry.Notebook))
            .OrderBy(chapter => chapter.PageName, StringComparer.Ordinal)
            .ToList();
        var duplicate = chapters.GroupBy(c => c.PageName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException(
                $"Two notebooks would both be written as {duplicate.Key}: {string.Join(" and ", duplicate.Select(c => c.FileName))}.",
                nameof(executed));
        }
        if (chapters.FirstOrDefault(c => c.PageName.Equals(IndexPageName, StringComparison.OrdinalIgnoreCase)) is { } clash)
        {
            throw new ArgumentException(
                $"The notebook {clash.FileName} would be written as {clash.PageName}, the site's index page; rename the notebook.",
                nameof(executed));
        }

        var files = new List<(string Path, byte[] Bytes)>();
        foreach (var (path, bytes) in assets) files.Add(("assets/" + path, bytes));
        for (var i = 0; i < chapters.Count; i++)
        {
            var page = ChapterPage(chapters, i);
            files.Add((chapters[i].PageName, Encoding.UTF8.GetBytes(page)));
        }
        files.Add((IndexPageName, Encoding.UTF8.GetBytes(IndexPage(chapters))));
        return files;
    }

    private static Chapter RenderChapter(string fileName, JsonObject notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var name = Path.GetFileName(fileName ?? "");
        if (!name.EndsWith(".ipynb", StringComparison.Ordinal) || name.Length == ".ipynb".Length)
            throw new ArgumentException($"A notebook's file name must end in .ipynb, found \"{fileName}\".", nameof(fileName));
        var reader = new NotebookReader(name);
        var pageName = name[..^".ipynb".Length] + ".html";

        string? title = null, titleHtml = null;
        var hasCharts = false;
        var body = new StringBuilder();
        var cells = reader.Cells(notebook);
        for (var index = 0; index < cells.Count; index++)
        {
            var cell = cells[index];
            var source = reader.Text(index, cell, cell["source"], "source");
            switch (reader.CellType(index, cell))
            {
                case "markdown":
                    var document = Markdig.Markdown.Parse(source, Pipeline);
                    if (title is null && document.Descendants<HeadingBlock>().FirstOrDefault() is { Inline: not null } heading)
                    {
                        titleHtml = SafeHtml.Clean(InlineHtml(heading.Inline), SafeHtml.Kind.Inline).Trim();
                        title = PlainText(titleHtml);
                    }
                    body.Append("<section class=\"prose\">\n").Append(SafeHtml.Clean(RenderHtml(document), SafeHtml.Kind.Prose)).Append("</section>\n");
                    break;
                case "code":
                    body.Append("<div class=\"cell\">\n<pre class=\"source\"><code class=\"language-csharp\">")
                        .Append(CSharpHighlighter.ToHtml(source.TrimEnd('\n', '\r')))
                        .Append("</code></pre>\n");
                    RenderOutputs(reader, index, cell, body, ref hasCharts);
                    body.Append("</div>\n");
                    break;
                case "raw":
                    body.Append("<pre class=\"raw\">").Append(Html.EncodeOutput(source)).Append("</pre>\n");
                    break;
                case var other:
                    throw reader.Error(index, cell, $"unknown cell_type \"{other}\" (expected markdown, code or raw)");
            }
        }

        if (string.IsNullOrEmpty(title))
        {
            title = name[..^".ipynb".Length];
            titleHtml = Html.Encode(title);
        }
        return new Chapter(name, pageName, title, titleHtml!, body.ToString(), hasCharts);
    }

    private static void RenderOutputs(NotebookReader reader, int index, JsonObject cell, StringBuilder body, ref bool hasCharts)
    {
        if (cell["outputs"] is null) return;
        if (cell["outputs"] is not JsonArray outputs)
            throw reader.Error(index, cell, $"\"outputs\" must be an array, found {NotebookReader.Describe(cell["outputs"])}");
        if (outputs.Count == 0) return;

        body.Append("<div class=\"outputs\">\n");
        for (var o = 0; o < outputs.Count; o++)
        {
            if (outputs[o] is not JsonObject output)
                throw reader.Error(index, cell, $"output {o + 1} must be an object, found {NotebookReader.Describe(outputs[o])}");
            var type = output["output_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s
                : throw reader.Error(index, cell, $"output {o + 1} has no \"output_type\" string, found {NotebookReader.Describe(output["output_type"])}");
            switch (type)
            {
                case "stream":
                    var stream = output["name"] is JsonValue n && n.TryGetValue<string>(out var streamName) ? streamName : null;
                    if (stream is not ("stdout" or "stderr"))
                        throw reader.Error(index, cell, $"output {o + 1} is a stream named {NotebookReader.Describe(output["name"])}, expected \"stdout\" or \"stderr\"");
                    body.Append("<pre class=\"output stream ").Append(stream).Append("\">")
                        .Append(Html.EncodeOutput(reader.Text(index, cell, output["text"], "text")))
                        .Append("</pre>\n");
                    break;
                case "execute_result" or "display_data":
                    if (output["data"] is not JsonObject data)
                        throw reader.Error(index, cell, $"output {o + 1} ({type}) must have a \"data\" object, found {NotebookReader.Describe(output["data"])}");
                    if (data[PlotlyMime] is { } figure)
                    {
                        // The figure is drawn with the site's own plotly.js; the output's text/html
                        // (Plotly.NET.Interactive's CDN loader) is never used.
                        body.Append(Chart(reader, index, cell, o, figure));
                        hasCharts = true;
                    }
                    else if (data["text/html"] is { } html && KernelHtml(reader.Text(index, cell, html, "text/html")) is { } shown)
                    {
                        body.Append("<div class=\"output html\">").Append(shown).Append("</div>\n");
                    }
                    else if (data["text/plain"] is { } plain)
                    {
                        body.Append("<pre class=\"output result\">")
                            .Append(Html.EncodeOutput(reader.Text(index, cell, plain, "text/plain")))
                            .Append("</pre>\n");
                    }
                    else
                    {
                        throw reader.Error(index, cell,
                            $"output {o + 1} ({type}) has none of text/plain, text/html or {PlotlyMime}, only: {string.Join(", ", data.Select(p => p.Key))}");
                    }
                    break;
                case "error":
                    body.Append(ErrorOutput(reader, index, cell, output));
                    break;
                default:
                    throw reader.Error(index, cell,
                        $"output {o + 1} has unknown output_type \"{type}\" (expected stream, execute_result, display_data or error)");
            }
        }
        body.Append("</div>\n");
    }

    /// <summary>
    /// A kernel's text/html as a reader sees it in VS Code, sanitised: tree views, tables and
    /// &lt;pre&gt; blocks stay (site.css styles them), scripts, styles and the kernel's random ids go.
    /// Null when nothing visible is left (a script-only output, such as a chart without its figure),
    /// so the output's text/plain is shown instead.
    /// </summary>
    private static string? KernelHtml(string html)
    {
        var clean = SafeHtml.Clean(html, SafeHtml.Kind.Output).Trim();
        return SafeHtml.ShowsAnything(clean) ? clean : null;
    }

    private static string Chart(NotebookReader reader, int index, JsonObject cell, int output, JsonNode figure)
    {
        if (figure is not JsonObject plot || plot["data"] is not JsonArray data)
            throw reader.Error(index, cell, $"output {output + 1}: the {PlotlyMime} figure must be an object with a \"data\" array");
        if (plot["layout"] is not (null or JsonObject) || plot["config"] is not (null or JsonObject))
            throw reader.Error(index, cell, $"output {output + 1}: the {PlotlyMime} figure's \"layout\" and \"config\" must be objects");

        // Cell and output numbers: unique on the page, and the same on every export.
        var id = $"chart-{index + 1}-{output + 1}";
        return $"<div class=\"chart\" id=\"{id}\"></div>\n<script>Plotly.newPlot(\"{id}\", " +
               $"{Html.ScriptJsonLiteral(data)}, {Html.ScriptJsonLiteral(plot["layout"] ?? new JsonObject())}, " +
               $"{Html.ScriptJsonLiteral(plot["config"] ?? new JsonObject())});</script>\n";
    }

    private static string ErrorOutput(NotebookReader reader, int index, JsonObject cell, JsonObject output)
    {
        string Field(string name) => output[name] is null ? "" : reader.Text(index, cell, output[name], name);
        var ename = Field("ename");
        var evalue = Field("evalue");
        var header = evalue.Length == 0 ? ename : $"{ename}: {evalue}";

        var text = new StringBuilder();
        text.Append("<pre class=\"output error\"><span class=\"ename\">").Append(Html.EncodeOutput(ename)).Append("</span>");
        if (evalue.Length > 0) text.Append(": ").Append(Html.EncodeOutput(evalue));
        if (output["traceback"] is JsonArray traceback)
        {
            for (var i = 0; i < traceback.Count; i++)
            {
                var line = traceback[i] is JsonValue v && v.TryGetValue<string>(out var l) ? l
                    : throw reader.Error(index, cell, $"traceback line {i + 1} must be a string, found {NotebookReader.Describe(traceback[i])}");
                line = line.TrimEnd('\n', '\r');
                if (line == header || line == evalue || line.Length == 0) continue;
                text.Append('\n').Append(Html.EncodeOutput(line));
            }
        }
        else if (output["traceback"] is not null)
        {
            throw reader.Error(index, cell, $"\"traceback\" must be a list of strings, found {NotebookReader.Describe(output["traceback"])}");
        }
        return text.Append("</pre>\n").ToString();
    }

    /// <summary>What a reader sees of sanitised inline HTML, as text: formulas as their TeX, spaces collapsed.</summary>
    private static string PlainText(string cleanHtml)
    {
        var math = MathDelimiters().Replace(cleanHtml, "$1");
        return Whitespace().Replace(SafeHtml.VisibleText(math), " ").Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<span class=""math"">\\[(\[](.*?)\\[)\]]</span>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex MathDelimiters();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex Whitespace();

    private static string RenderHtml(MarkdownDocument document) => Render(renderer => renderer.Render(document));

    private static string InlineHtml(ContainerInline inlines) => Render(renderer => renderer.WriteChildren(inlines));

    private static string Render(Action<HtmlRenderer> render)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        render(renderer);
        writer.Flush();
        return writer.ToString();
    }

    private static string Head(string title, bool charts)
    {
        var head = new StringBuilder();
        head.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"assets/katex/katex.min.css\">\n")
            .Append("<link rel=\"stylesheet\" href=\"assets/site.css\">\n");
        // plotly.js is loaded before the body so each chart's inline script can draw at once.
        if (charts) head.Append("<script src=\"assets/").Append(SiteAssets.PlotlyFile).Append("\"></script>\n");
        head.Append("<script defer src=\"assets/katex/katex.min.js\"></script>\n")
            .Append("<script defer src=\"assets/math.js\"></script>\n")
            .Append("</head>\n<body>\n");
        return head.ToString();
    }

    private static string ChapterPage(IReadOnlyList<Chapter> chapters, int i)
    {
        var chapter = chapters[i];
        var page = new StringBuilder();
        page.Append(Head($"{chapter.Title} · {SiteTitle}", chapter.HasCharts))
            .Append("<header class=\"site-header\"><a href=\"index.html\">").Append(SiteTitle).Append("</a> · chapter ")
            .Append(i + 1).Append(" of ").Append(chapters.Count).Append("</header>\n")
            .Append("<main>\n").Append(chapter.Body).Append("</main>\n")
            .Append("<nav class=\"chapter-nav\">\n");
        if (i > 0)
            page.Append("<a class=\"prev\" rel=\"prev\" href=\"").Append(Html.Encode(Uri.EscapeDataString(chapters[i - 1].PageName))).Append("\">← ")
                .Append(chapters[i - 1].TitleHtml).Append("</a>\n");
        if (i < chapters.Count - 1)
            page.Append("<a class=\"next\" rel=\"next\" href=\"").Append(Html.Encode(Uri.EscapeDataString(chapters[i + 1].PageName))).Append("\">")
                .Append(chapters[i + 1].TitleHtml).Append(" →</a>\n");
        page.Append("</nav>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static string IndexPage(IReadOnlyList<Chapter> chapters)
    {
        var page = new StringBuilder();
        page.Append(Head(SiteTitle, charts: false))
            .Append("<main>\n<h1>").Append(SiteTitle).Append("</h1>\n")
            .Append("<p>Neural networks from the first neuron up, in C#: each chapter's prose, code and results.</p>\n")
            .Append("<ol class=\"chapters\">\n");
        foreach (var chapter in chapters)
        {
            page.Append("<li><a href=\"").Append(Html.Encode(Uri.EscapeDataString(chapter.PageName))).Append("\">")
                .Append(chapter.TitleHtml).Append("</a></li>\n");
        }
        page.Append("</ol>\n</main>\n</body>\n</html>\n");
        return page.ToString();
    }
}
