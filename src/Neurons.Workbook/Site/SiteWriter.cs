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

    private sealed record Chapter(
        string FileName, string PageName, string Title, string TitleHtml, string Body, bool HasCharts,
        IReadOnlyList<Heading> Headings, string SummaryHtml, IReadOnlyList<Source> Sources,
        IReadOnlyList<SearchSection> Sections, byte[] CleanNotebook, IReadOnlyList<SolvedExercise> Exercises)
    {
        public string Stem => FileName[..^".ipynb".Length];
        public string PdfName => Stem + ".pdf";
    }

    /// <summary>
    /// An exercise and its worked solution, for the solutions page: the statement's and the
    /// solution's sanitised HTML (not yet anchored), and the id of the statement's heading on the
    /// chapter's page.
    /// </summary>
    private sealed record SolvedExercise(string ChapterHeadingId, string StatementHtml, string SolutionHtml);

    /// <summary>The page that collects every chapter's exercises with their solutions open, for teachers.</summary>
    public const string SolutionsPageName = "solutions.html";
    private const string SolutionsPdfName = "solutions.pdf";

    // The cell tags (metadata.tags) that mark an exercise's statement and its worked solution.
    private const string ExerciseTag = "exercise";
    private const string SolutionTag = "solution";

    // How a solution cell opens: a details element of this class, folded until the reader opens it.
    private const string SolutionDetails = "<details class=\"solution\">";

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
    public static IReadOnlyList<(string Path, byte[] Bytes)> Render(IReadOnlyList<(string FileName, JsonObject Notebook)> executed) =>
        Render(executed, pdf: null);

    /// <param name="pdf">Prints each chapter's page to a PDF beside it (01-….pdf); null for no PDFs.</param>
    public static IReadOnlyList<(string Path, byte[] Bytes)> Render(
        IReadOnlyList<(string FileName, JsonObject Notebook)> executed, PdfPrinter? pdf)
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
        if (chapters.FirstOrDefault(c => ReservedPages.ContainsKey(c.PageName)) is { } clash)
        {
            throw new ArgumentException(
                $"The notebook {clash.FileName} would be written as {clash.PageName}, the site's {ReservedPages[clash.PageName]} page; rename the notebook.",
                nameof(executed));
        }

        var files = new List<(string Path, byte[] Bytes)>();
        foreach (var (path, bytes) in assets) files.Add(("assets/" + path, bytes));
        files.AddRange(SiteAssets.RootFiles());
        files.Add(("assets/search-index.js", Encoding.UTF8.GetBytes(SearchIndex.Script(chapters.Select(c => (c.PageName, c.Title, c.Sections)).ToList()))));
        var pages = new List<(string Path, byte[] Bytes)>();
        for (var i = 0; i < chapters.Count; i++)
        {
            files.Add((chapters[i].FileName, chapters[i].CleanNotebook));
            var page = ChapterPage(chapters, i, pdf is not null);
            pages.Add((chapters[i].PageName, Encoding.UTF8.GetBytes(page)));
        }
        files.AddRange(pages);
        files.Add((Sources.PageName, Encoding.UTF8.GetBytes(SourcesPage(chapters))));
        var solutions = chapters.Any(c => c.Exercises.Count > 0);
        if (solutions) files.Add((SolutionsPageName, Encoding.UTF8.GetBytes(SolutionsPage(chapters, pdf is not null))));
        if (pdf is not null)
        {
            // Printed from the pages as they will be written, so each PDF is exactly its page.
            var toPrint = chapters.Select(c => (c.PageName, c.PdfName)).ToList();
            if (solutions) toPrint.Add((SolutionsPageName, SolutionsPdfName));
            var printed = pdf.Print(files.Concat([(IndexPageName, Encoding.UTF8.GetBytes(IndexPage(chapters)))]).ToList(), toPrint);
            files.AddRange(printed);
        }
        files.Add((IndexPageName, Encoding.UTF8.GetBytes(IndexPage(chapters))));
        return files;
    }

    private static readonly Dictionary<string, string> ReservedPages = new(StringComparer.OrdinalIgnoreCase)
    {
        [IndexPageName] = "index",
        [Sources.PageName] = "sources",
        [SolutionsPageName] = "solutions",
    };

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
        var headings = new List<Heading>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var sections = new List<SearchSection>();
        var section = new StringBuilder();
        string sectionId = "", sectionHeading = "";
        var introduction = new List<Summaries.Block>();
        var introductionDone = false;
        var allText = new StringBuilder();
        var exercises = new List<SolvedExercise>();
        (string HeadingId, string Html)? statement = null;
        var cells = reader.Cells(notebook);
        // The note before the first exercise links the solutions page, which only solutions make.
        var hasSolutions = Enumerable.Range(0, cells.Count).Any(i => Tags(reader, i, cells[i]).Contains(SolutionTag));
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
                        titleHtml = Sources.Rewrite(SafeHtml.Clean(InlineHtml(heading.Inline), SafeHtml.Kind.Inline).Trim());
                        title = SiteText.Plain(titleHtml);
                    }
                    if (!introductionDone) introductionDone = Summaries.Collect(document, introduction, InlineHtml);
                    var clean = Sources.Rewrite(SafeHtml.Clean(RenderHtml(document), SafeHtml.Kind.Prose));
                    var tags = Tags(reader, index, cell);
                    if (hasSolutions && tags.Contains(ExerciseTag) && exercises.Count == 0 && statement is null)
                        body.Append(SolutionsNote(name));
                    var headingsBefore = headings.Count;
                    var html = Headings.Anchor(clean, ids, headings);
                    body.Append("<section class=\"prose\">\n").Append(html).Append("</section>\n");
                    if (tags.Contains(ExerciseTag))
                    {
                        statement = (headings.Count > headingsBefore ? headings[headingsBefore].Id : "", clean);
                    }
                    else if (tags.Contains(SolutionTag))
                    {
                        if (!clean.StartsWith(SolutionDetails, StringComparison.Ordinal))
                            throw reader.Error(index, cell, $"a cell tagged \"{SolutionTag}\" must open with {SolutionDetails}<summary>…</summary>, so it shows folded");
                        exercises.Add(new SolvedExercise(statement?.HeadingId ?? "", statement?.Html ?? "", clean));
                        statement = null;
                        // A solution stays out of the search index: a search should not give the answer away.
                        break;
                    }
                    // The search index: the prose's text, section by section.
                    foreach (var part in Headings.Split(html))
                    {
                        if (part.Heading is { } h)
                        {
                            if (section.Length > 0 || sectionId.Length > 0) sections.Add(new SearchSection(sectionId, sectionHeading, section.ToString().Trim()));
                            section.Clear();
                            sectionId = h.Id;
                            sectionHeading = h.Text;
                        }
                        var text = SiteText.Plain(part.Html);
                        if (text.Length > 0) section.Append(text).Append(' ');
                        allText.Append(text).Append(' ');
                    }
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
        if (section.Length > 0 || sectionId.Length > 0) sections.Add(new SearchSection(sectionId, sectionHeading, section.ToString().Trim()));

        if (string.IsNullOrEmpty(title))
        {
            title = name[..^".ipynb".Length];
            titleHtml = Html.Encode(title);
        }
        var summary = Sources.Rewrite(Summaries.Pick(introduction));
        return new Chapter(name, pageName, title, titleHtml!, body.ToString(), hasCharts,
            headings.Where(h => h.Level is 2 or 3).ToList(), summary, Sources.CitedIn(allText.ToString()),
            sections.Where(s => s.Text.Length > 0 || s.Heading.Length > 0).ToList(), CleanNotebook(notebook), exercises);
    }

    /// <summary>A cell's metadata.tags: nbformat's list of strings, or none.</summary>
    private static IReadOnlyList<string> Tags(NotebookReader reader, int index, JsonObject cell)
    {
        if (cell["metadata"] is not JsonObject metadata || metadata["tags"] is null) return [];
        if (metadata["tags"] is not JsonArray tags)
            throw reader.Error(index, cell, $"\"metadata.tags\" must be a list of strings, found {NotebookReader.Describe(metadata["tags"])}");
        return tags.Select((tag, i) => tag is JsonValue v && v.TryGetValue<string>(out var text) ? text
            : throw reader.Error(index, cell, $"tag {i + 1} must be a string, found {NotebookReader.Describe(tag)}")).ToList();
    }

    /// <summary>Before a chapter's first exercise: where a teacher finds the solutions all open.</summary>
    private static string SolutionsNote(string fileName) =>
        "<section class=\"prose solutions-note\">\n<p>For teachers: every chapter's exercises with their solutions open, ready to print, are on " +
        "<a href=\"" + SolutionsPageName + "#" + Html.Encode(SolutionsAnchor(fileName)) + "\">the solutions page</a>.</p>\n</section>\n";

    /// <summary>A chapter's section on the solutions page: "solutions-" and the notebook's name without .ipynb.</summary>
    private static string SolutionsAnchor(string fileName) =>
        "solutions-" + new string(fileName[..^".ipynb".Length].Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());

    /// <summary>The notebook as a reader starts it: no outputs, no execution counts; everything else as it was.</summary>
    private static byte[] CleanNotebook(JsonObject executed)
    {
        var clean = executed.DeepClone().AsObject();
        if (clean["cells"] is JsonArray cells)
        {
            foreach (var cell in cells.OfType<JsonObject>())
            {
                if (cell["cell_type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "code")
                {
                    cell["outputs"] = new JsonArray();
                    cell["execution_count"] = null;
                }
            }
        }
        return new UTF8Encoding(false).GetBytes(Notebooks.NotebookJson.Serialize(clean));
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
        var layout = plot["layout"] as JsonObject ?? new JsonObject();
        return $"<div class=\"chart\" id=\"{id}\" role=\"img\" aria-label=\"{Html.Encode(ChartDescription(layout))}\"></div>\n" +
               $"<script>NeuronsCharts.draw(\"{id}\", " +
               $"{Html.ScriptJsonLiteral(data)}, {Html.ScriptJsonLiteral(layout)}, " +
               $"{Html.ScriptJsonLiteral(plot["config"] ?? new JsonObject())});</script>\n";
    }

    /// <summary>
    /// A chart's text alternative: its title, then the one-line description the chart helper puts in
    /// the layout's meta (layout.meta.description), when there is one.
    /// </summary>
    private static string ChartDescription(JsonObject layout)
    {
        static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;
        var title = Text(layout["title"]) ?? Text((layout["title"] as JsonObject)?["text"]);
        var description = Text((layout["meta"] as JsonObject)?["description"]);
        // Plotly titles may hold a little HTML (<br>, <sub>): the alternative is text.
        title = title is null ? null : SiteText.Plain(SafeHtml.Clean(title.Replace("<br>", " ", StringComparison.OrdinalIgnoreCase), SafeHtml.Kind.Inline));
        var parts = new[] { title, description }.Where(p => !string.IsNullOrEmpty(p)).Select(p => p!.TrimEnd('.')).ToList();
        return parts.Count == 0 ? "A chart" : string.Join(". ", parts) + ".";
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

    private const string LicenceLine =
        "Code under the MIT licence; the chapters' prose and figures under CC BY 4.0. © the Neurons.Notebooks authors.";

    private static string Head(string title, bool charts, string bodyClass)
    {
        var head = new StringBuilder();
        head.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"assets/katex/katex.min.css\">\n")
            .Append("<link rel=\"stylesheet\" href=\"assets/site.css\">\n");
        // plotly.js and the site's chart code load before the body so each chart's inline script can draw at once.
        if (charts)
        {
            head.Append("<script src=\"assets/").Append(SiteAssets.PlotlyFile).Append("\"></script>\n")
                .Append("<script src=\"assets/charts.js\"></script>\n");
        }
        head.Append("<script defer src=\"assets/katex/katex.min.js\"></script>\n")
            .Append("<script defer src=\"assets/math.js\"></script>\n")
            .Append("<script defer src=\"assets/search-index.js\"></script>\n")
            .Append("<script defer src=\"assets/site.js\"></script>\n")
            .Append("</head>\n<body class=\"").Append(bodyClass).Append("\">\n");
        return head.ToString();
    }

    private static string SiteHeader(string? where) =>
        "<header class=\"site-header\">\n<a class=\"home\" href=\"index.html\">" + SiteTitle + "</a>" +
        (where is null ? "" : "<span class=\"where\"> · " + where + "</span>") + "\n" +
        "<form class=\"search\" role=\"search\" hidden onsubmit=\"return false\">" +
        "<input type=\"search\" id=\"search-input\" placeholder=\"Search the chapters\" aria-label=\"Search the chapters\" autocomplete=\"off\">" +
        "<ol id=\"search-results\" hidden></ol></form>\n</header>\n";

    private static string Footer() =>
        "<footer class=\"site-footer\">\n<p>" + Html.Encode(LicenceLine) +
        " See <a href=\"LICENSE.txt\">the licence</a>, <a href=\"THIRD-PARTY-NOTICES.txt\">the notices of the code the site ships</a> (plotly.js, KaTeX)" +
        " and <a href=\"" + Sources.PageName + "\">the sources</a>.</p>\n</footer>\n";

    /// <summary>A file name of the site as an href: encoded, so a name with # or ? still links to its file.</summary>
    private static string Href(string name) => Html.Encode(Uri.EscapeDataString(name));

    private static string ChapterNav(IReadOnlyList<Chapter> chapters, int i, string where)
    {
        var nav = new StringBuilder();
        nav.Append("<nav class=\"chapter-nav ").Append(where).Append("\" aria-label=\"Chapters\">\n");
        if (i > 0)
            nav.Append("<a class=\"prev\" rel=\"prev\" href=\"").Append(Href(chapters[i - 1].PageName)).Append("\">← ")
                .Append(chapters[i - 1].TitleHtml).Append("</a>\n");
        if (i < chapters.Count - 1)
            nav.Append("<a class=\"next\" rel=\"next\" href=\"").Append(Href(chapters[i + 1].PageName)).Append("\">")
                .Append(chapters[i + 1].TitleHtml).Append(" →</a>\n");
        return nav.Append("</nav>\n").ToString();
    }

    private static string Contents(Chapter chapter)
    {
        var contents = new StringBuilder();
        contents.Append("<nav class=\"contents\" id=\"contents\" aria-label=\"Contents\">\n<details open>\n<summary>Contents</summary>\n<ol>\n");
        var inSub = false;
        for (var h = 0; h < chapter.Headings.Count; h++)
        {
            var heading = chapter.Headings[h];
            if (heading.Level == 3 && !inSub)
            {
                // An h3 before any h2 still gets a list of its own.
                if (h == 0) contents.Append("<li>");
                contents.Append("\n<ol>\n");
                inSub = true;
            }
            else if (heading.Level == 2 && inSub)
            {
                contents.Append("</ol>\n</li>\n");
                inSub = false;
            }
            else if (h > 0) contents.Append("</li>\n");
            contents.Append("<li><a href=\"#").Append(heading.Id).Append("\">").Append(heading.Html).Append("</a>");
        }
        if (inSub) contents.Append("</li>\n</ol>\n");
        if (chapter.Headings.Count > 0) contents.Append("</li>\n");
        if (chapter.Sources.Count > 0) contents.Append("<li><a href=\"#sources\">Sources</a></li>\n");
        contents.Append("</ol>\n</details>\n</nav>\n");
        return contents.ToString();
    }

    private static string NotebookBox(Chapter chapter, bool pdf)
    {
        var name = Html.Encode(chapter.FileName);
        var box = new StringBuilder();
        box.Append("<aside class=\"notebook-box\" aria-label=\"This chapter's notebook\">\n<p class=\"downloads\">")
            .Append("<a href=\"").Append(Href(chapter.FileName)).Append("\" download>The notebook</a> (as you start it, without outputs) · ")
            .Append("<a href=\"notebooks/").Append(Href(chapter.FileName)).Append("\" download>the notebook run</a> (with every output, as on this page)");
        if (pdf) box.Append(" · <a href=\"").Append(Href(chapter.PdfName)).Append("\">PDF</a>");
        box.Append("</p>\n<details class=\"run-box\">\n<summary>Run this chapter</summary>\n<ol>\n")
            .Append("<li>Get the Neurons.Notebooks repository (clone it with git, or unpack a copy) and install the .NET 10 SDK.</li>\n")
            .Append("<li>Build it in the repository's folder: <code>dotnet build Neurons.Notebooks.sln</code></li>\n")
            .Append("<li>Open <code>notebooks/").Append(name).Append("</code> in VS Code and pick the kernel “Neurons C#” ")
            .Append("(install it once with <code>dotnet run --project src/Neurons.Workbook -- kernel install</code>), ")
            .Append("or open it with Polyglot Notebooks, which the repository's <code>.vscode/settings.json</code> points at the workbook's kernel.</li>\n")
            .Append("<li>Run the cells from the top, then change a number and run them again.</li>\n")
            .Append("</ol>\n</details>\n</aside>\n");
        return box.ToString();
    }

    private static string SourcesBox(Chapter chapter)
    {
        if (chapter.Sources.Count == 0) return "";
        var box = new StringBuilder("<aside class=\"sources-box\" aria-label=\"Sources\">\n<h2 id=\"sources\">Sources <a class=\"anchor\" href=\"#sources\" aria-label=\"Link to this section\">#</a></h2>\n<ul>\n");
        foreach (var source in chapter.Sources) box.Append("<li>").Append(Citation(source)).Append("</li>\n");
        return box.Append("</ul>\n</aside>\n").ToString();
    }

    private static string Citation(Source source)
    {
        var citation = new StringBuilder();
        citation.Append("<cite>").Append(Html.Encode(source.Title)).Append("</cite>");
        if (source.Address is { } address)
            citation.Append(", <a class=\"address\" href=\"").Append(Html.Encode(address)).Append("\">").Append(Html.Encode(address)).Append("</a>");
        citation.Append(" (<a href=\"").Append(Sources.PageName).Append('#').Append(source.Id).Append("\">about this source</a>)");
        return citation.ToString();
    }

    private static string ChapterPage(IReadOnlyList<Chapter> chapters, int i, bool pdf)
    {
        var chapter = chapters[i];
        var page = new StringBuilder();
        page.Append(Head($"{chapter.Title} · {SiteTitle}", chapter.HasCharts, "chapter"))
            .Append(SiteHeader($"chapter {i + 1} of {chapters.Count}"))
            .Append(ChapterNav(chapters, i, "top"))
            .Append("<div class=\"layout\">\n")
            .Append(Contents(chapter))
            .Append("<main id=\"main\">\n")
            .Append(NotebookBox(chapter, pdf))
            .Append(chapter.Body)
            .Append(SourcesBox(chapter))
            .Append("</main>\n</div>\n")
            .Append(ChapterNav(chapters, i, "bottom"))
            .Append(Footer())
            .Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string IndexPage(IReadOnlyList<Chapter> chapters)
    {
        var page = new StringBuilder();
        page.Append(Head(SiteTitle, charts: false, "index"))
            .Append(SiteHeader(null))
            .Append("<main id=\"main\">\n<h1>").Append(SiteTitle).Append("</h1>\n")
            .Append("<p>Neural networks from the first neuron up, in C#: each chapter's prose, code and results. ")
            .Append("Every chapter is also a notebook to run and change, and a PDF to print.</p>\n")
            .Append("<ol class=\"chapters\">\n");
        foreach (var chapter in chapters)
        {
            page.Append("<li><a href=\"").Append(Href(chapter.PageName)).Append("\">")
                .Append(chapter.TitleHtml).Append("</a>");
            if (chapter.SummaryHtml.Length > 0) page.Append("\n<p class=\"summary\">").Append(chapter.SummaryHtml).Append("</p>\n");
            page.Append("</li>\n");
        }
        page.Append("</ol>\n");
        if (chapters.Any(c => c.Exercises.Count > 0))
            page.Append("<p><a href=\"").Append(SolutionsPageName).Append("\">The solutions</a>: every chapter's exercises with their worked solutions, for teachers.</p>\n");
        page.Append("<p><a href=\"").Append(Sources.PageName).Append("\">The sources</a> the chapters are built on.</p>\n</main>\n")
            .Append(Footer()).Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string SolutionsPage(IReadOnlyList<Chapter> chapters, bool pdf)
    {
        var solved = chapters.Where(c => c.Exercises.Count > 0).ToList();
        var page = new StringBuilder();
        page.Append(Head($"Solutions · {SiteTitle}", charts: false, "solutions"))
            .Append(SiteHeader("solutions"))
            .Append("<main id=\"main\">\n<h1>Solutions to the exercises</h1>\n")
            .Append("<p>For teachers: every chapter's exercises, each followed by its worked solution. On the chapter pages each solution ")
            .Append("is folded under its exercise, for a reader to open once they have tried; here they are all open, and they print open")
            .Append(pdf ? " (or take <a href=\"" + SolutionsPdfName + "\">the PDF</a>)" : "")
            .Append(". A solution's code replaces the exercise's answer cell in the notebook; run the check after it and it says “Correct”.</p>\n")
            .Append("<nav class=\"solutions-contents\" aria-label=\"Chapters\">\n<ol>\n");
        foreach (var chapter in solved)
        {
            page.Append("<li><a href=\"#").Append(Html.Encode(SolutionsAnchor(chapter.FileName))).Append("\">").Append(chapter.TitleHtml)
                .Append("</a> (").Append(chapter.Exercises.Count).Append(chapter.Exercises.Count == 1 ? " exercise" : " exercises").Append(")</li>\n");
        }
        page.Append("</ol>\n</nav>\n");

        var ids = new HashSet<string>(solved.Select(c => SolutionsAnchor(c.FileName)), StringComparer.Ordinal);
        var headings = new List<Heading>();
        foreach (var chapter in solved)
        {
            var anchor = Html.Encode(SolutionsAnchor(chapter.FileName));
            page.Append("<section class=\"solutions-chapter\">\n<h2 id=\"").Append(anchor).Append("\">").Append(chapter.TitleHtml)
                .Append(" <a class=\"anchor\" href=\"#").Append(anchor).Append("\" aria-label=\"Link to this section\">#</a></h2>\n");
            foreach (var exercise in chapter.Exercises)
            {
                page.Append("<section class=\"prose exercise\">\n").Append(Headings.Anchor(exercise.StatementHtml, ids, headings));
                page.Append("<p class=\"in-chapter\"><a href=\"").Append(Href(chapter.PageName));
                if (exercise.ChapterHeadingId.Length > 0) page.Append('#').Append(Html.Encode(exercise.ChapterHeadingId));
                page.Append("\">This exercise in the chapter</a>, with its answer and check cells.</p>\n</section>\n");
                var open = SolutionDetails[..^1] + " open>";
                page.Append("<section class=\"prose solution\">\n").Append(Headings.Anchor(exercise.SolutionHtml.Replace(SolutionDetails, open, StringComparison.Ordinal), ids, headings))
                    .Append("</section>\n");
            }
            page.Append("</section>\n");
        }
        page.Append("</main>\n").Append(Footer()).Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string SourcesPage(IReadOnlyList<Chapter> chapters)
    {
        var page = new StringBuilder();
        page.Append(Head($"Sources · {SiteTitle}", charts: false, "sources"))
            .Append(SiteHeader("sources"))
            .Append("<main id=\"main\">\n<h1>Sources</h1>\n")
            .Append("<p>The texts the chapters are built on. Their facts, formulas and worked numbers carry over into the chapters; ")
            .Append("the words and the code are the workbook's own.</p>\n<dl class=\"source-list\">\n");
        foreach (var source in Sources.All)
        {
            var citing = chapters.Where(c => c.Sources.Contains(source)).ToList();
            if (citing.Count == 0) continue;
            page.Append("<dt id=\"").Append(source.Id).Append("\"><cite>").Append(Html.Encode(source.Title)).Append("</cite>");
            if (source.Address is { } address)
                page.Append(", <a class=\"address\" href=\"").Append(Html.Encode(address)).Append("\">").Append(Html.Encode(address)).Append("</a>");
            page.Append("</dt>\n<dd>").Append(Html.Encode(source.About)).Append(" Cited in ")
                .Append(string.Join(", ", citing.Select(c => $"<a href=\"{Href(c.PageName)}\">{c.TitleHtml}</a>")))
                .Append(".</dd>\n");
        }
        page.Append("</dl>\n</main>\n").Append(Footer()).Append("</body>\n</html>\n");
        return page.ToString();
    }
}
