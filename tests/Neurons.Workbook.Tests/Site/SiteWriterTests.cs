using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Workbook.Site;
using static Neurons.Workbook.Tests.Site.ExecutedNotebook;

namespace Neurons.Workbook.Tests.Site;

public sealed class SiteWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neurons-site-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(params (string FileName, JsonObject Notebook)[] notebooks)
    {
        SiteWriter.Write(notebooks, _dir);
        return _dir;
    }

    private string Page(string name) => File.ReadAllText(Path.Combine(_dir, name));

    [Fact]
    public void Printed_script_tags_are_shown_as_text_and_a_charts_html_is_never_used()
    {
        Write(("01-escape.ipynb", Of(
            Markdown("# Escaping\n"),
            Code("Console.WriteLine(\"<script>alert(1)</script>\");", Stdout("<script>alert(1)</script>\n")),
            Code("\"</pre><img src=x onerror=alert(2)>\"", Result("\"</pre><img src=x onerror=alert(2)>\"")),
            Code("Chart()", Chart("A chart")))));

        var page = Page("01-escape.html");
        Assert.Contains("<pre class=\"output stream stdout\">&lt;script&gt;alert(1)&lt;/script&gt;\n</pre>", page);
        Assert.Contains("&lt;/pre&gt;&lt;img src=x onerror=alert(2)&gt;", page);
        Assert.DoesNotContain("<script>alert(1)", page);
        Assert.DoesNotContain("<img", page);
        Assert.DoesNotContain("from-notebook-html", page);
        Assert.DoesNotContain("notebook html ran", page);
    }

    [Fact]
    public void The_index_lists_each_chapter_by_its_first_heading_in_file_name_order()
    {
        Write(
            ("02-second.ipynb", Of(Code("1"), Markdown("Some words first.\n\n## The *second* chapter\n\n# Later heading\n"))),
            ("01-first.ipynb", Of(Markdown("# A neuron & its weight\n"))),
            ("03-untitled.ipynb", Of(Code("1"))));

        var index = Page("index.html");
        var links = Regex.Matches(index, "<li><a href=\"([^\"]+)\">(.*?)</a>").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal(
            [("01-first.html", "A neuron &amp; its weight"), ("02-second.html", "The <em>second</em> chapter"), ("03-untitled.html", "03-untitled")],
            links);
        Assert.Contains("<title>A neuron &amp; its weight · Neurons.Notebooks</title>", Page("01-first.html"));
    }

    [Fact]
    public void Chapters_link_to_their_neighbours()
    {
        Write(("01-a.ipynb", Of(Markdown("# A\n"))), ("02-b.ipynb", Of(Markdown("# B\n"))), ("03-c.ipynb", Of(Markdown("# C\n"))));

        var first = Page("01-a.html");
        var middle = Page("02-b.html");
        var last = Page("03-c.html");
        Assert.DoesNotContain("rel=\"prev\"", first);
        Assert.Contains("<a class=\"next\" rel=\"next\" href=\"02-b.html\">B →</a>", first);
        Assert.Contains("<a class=\"prev\" rel=\"prev\" href=\"01-a.html\">← A</a>", middle);
        Assert.Contains("<a class=\"next\" rel=\"next\" href=\"03-c.html\">C →</a>", middle);
        Assert.DoesNotContain("rel=\"next\"", last);
        Assert.Contains("chapter 2 of 3", middle);
    }

    [Fact]
    public void Math_is_left_in_math_elements_for_katex_and_the_page_loads_katex_locally()
    {
        Write(("01-math.ipynb", Of(Markdown(
            "# Math\n\nThe activation $a = w x + b$ is linear.\n\n$$\nE = (a - y)^2\n$$\n\n$$F = 1.8 \\times C + 32$$\n\n| x | y |\n|---|---|\n| 1 | 2 |\n"))));

        var page = Page("01-math.html");
        Assert.Contains("<span class=\"math\">\\(a = w x + b\\)</span>", page);
        Assert.Matches(new Regex(@"<div class=""math"">\s*\\\[\s*E = \(a - y\)\^2\s*\\\]\s*</div>"), page);
        // $$...$$ inside a paragraph is displayed, as Jupyter and VS Code show it.
        Assert.Contains("<p><span class=\"math\">\\[F = 1.8 \\times C + 32\\]</span></p>", page);
        Assert.DoesNotContain("$", page);
        Assert.Contains("<td>1</td>", page);
        Assert.Contains("<script defer src=\"assets/katex/katex.min.js\"></script>", page);
        Assert.Contains("<script defer src=\"assets/math.js\"></script>", page);
        Assert.Contains("<link rel=\"stylesheet\" href=\"assets/katex/katex.min.css\">", page);
    }

    [Theory]
    [InlineData("both $\\lambda$s", "both <span class=\"math\">\\(\\lambda\\)</span>s")]
    [InlineData("from $5 to $10", "from $5 to $10")]
    [InlineData("a $ b$ c", "a $ b$ c")]
    [InlineData("$a = b\nc$ d", "<span class=\"math\">\\(a = b\nc\\)</span> d")]
    [InlineData("$x < \\$y$", "<span class=\"math\">\\(x &lt; \\$y\\)</span>")]
    [InlineData("chain:\n$$\\frac{d}{de}\\, e^2\n\\qquad = 2e$$", "chain:\n<span class=\"math\">\\[\\frac{d}{de}\\, e^2\n\\qquad = 2e\\]</span>")]
    [InlineData("$$ x^2 $$ and ~~gone~~", "<span class=\"math\">\\[ x^2 \\]</span> and <del>gone</del>")]
    public void Dollar_math_follows_the_rules_VS_Code_uses(string markdown, string paragraph)
    {
        Write(("01-math.ipynb", Of(Markdown("# Math\n\n" + markdown + "\n"))));

        Assert.Contains($"<p>{paragraph}</p>", Page("01-math.html"));
    }

    [Fact]
    public void Code_is_highlighted_with_spans_and_keeps_its_text_exactly()
    {
        const string source = "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nvar rate = 0.5; // learning rate\nstring name = \"a<b\";\nMath.Exp(rate)";
        Write(("01-code.ipynb", Of(Code(source))));

        var page = Page("01-code.html");
        var code = Regex.Match(page, "<pre class=\"source\"><code class=\"language-csharp\">(.*?)</code></pre>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<span class=\"directive\">#r &quot;nuget: Plotly.NET.CSharp, 0.14.0&quot;</span>", code);
        Assert.Contains("<span class=\"kw\">var</span>", code);
        Assert.Contains("<span class=\"num\">0.5</span>", code);
        Assert.Contains("<span class=\"com\">// learning rate</span>", code);
        Assert.Contains("<span class=\"kw\">string</span>", code);
        Assert.Contains("<span class=\"str\">&quot;a&lt;b&quot;</span>", code);
        Assert.Contains("<span class=\"type\">Math</span>", code);
        Assert.Equal(source, WebUtility.HtmlDecode(Regex.Replace(code, "<[^>]+>", "")));
    }

    [Fact]
    public void A_csharp_fence_in_the_prose_is_highlighted_and_other_fences_are_not()
    {
        Write(("01-fence.ipynb", Of(Markdown("# Fences\n\n```csharp\ninterface IError { double Value(double a); }\n```\n\n```text\nint x\n```\n"))));

        var page = Page("01-fence.html");
        Assert.Contains("<pre class=\"sketch\"><code class=\"language-csharp\"><span class=\"kw\">interface</span> <span class=\"type\">IError</span> { <span class=\"kw\">double</span> Value(", page);
        Assert.Contains("<pre><code class=\"language-text\">int x\n</code></pre>", page);
    }

    [Fact]
    public void A_chart_becomes_a_div_and_a_draw_call_with_its_figure()
    {
        Write(("01-chart.ipynb", Of(
            Markdown("# Charts\n"),
            Code("chart", Chart("Error per step", traceName: "</script><script>alert(3)</script>")))));

        var page = Page("01-chart.html");
        Assert.Contains("<div class=\"chart\" id=\"chart-2-1\" role=\"img\" aria-label=\"Error per step.\"></div>\n<script>NeuronsCharts.draw(\"chart-2-1\", [{", page);
        Assert.Contains("{\"responsive\":true});</script>", page);
        Assert.Contains("\"text\":\"Error per step\"", page);
        Assert.DoesNotContain("alert(3)</script>", page);
        Assert.Contains("\\u003C/script\\u003E\\u003Cscript\\u003Ealert(3)", page);
        Assert.Contains("<script src=\"assets/plotly-2.28.0.min.js\"></script>", page);
        Assert.DoesNotContain("plotly-2.28.0.min.js", Page("index.html"));
        Assert.StartsWith("/**\n* plotly.js v2.28.0", File.ReadAllText(Path.Combine(_dir, "assets", "plotly-2.28.0.min.js")));
    }

    [Fact]
    public void Errors_show_name_value_and_traceback()
    {
        Write(("01-error.ipynb", Of(Code("x", Error("CompilationError", "(1,1): error CS0103: The name 'x' does not exist",
            "(1,1): error CS0103: The name 'x' does not exist", "   at cell 1, line 1")))));

        Assert.Contains(
            "<pre class=\"output error\"><span class=\"ename\">CompilationError</span>: (1,1): error CS0103: The name &#39;x&#39; does not exist\n   at cell 1, line 1</pre>",
            Page("01-error.html"));
    }

    [Fact]
    public void The_site_carries_its_assets_and_no_page_reaches_the_network()
    {
        Write(("01-a.ipynb", Of(Markdown("# A\n\n$x$\n"), Code("c", Chart("c")))));

        foreach (var asset in new[] { "site.css", "math.js", "katex/katex.min.js", "katex/katex.min.css", "katex/fonts/KaTeX_Main-Regular.woff2", "plotly-2.28.0.min.js" })
            Assert.True(new FileInfo(Path.Combine(_dir, "assets", asset)).Length > 100, asset);
        Assert.Contains("url(fonts/KaTeX_Main-Regular.woff2)", File.ReadAllText(Path.Combine(_dir, "assets", "katex", "katex.min.css")));
        foreach (var page in new[] { "index.html", "01-a.html" })
            Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//"), Page(page));
    }

    [Fact]
    public void Two_writes_of_the_same_notebooks_are_byte_identical()
    {
        (string, JsonObject)[] Notebooks() =>
        [
            ("02-b.ipynb", Of(Markdown("# B\n\n$$y$$\n"), Code("chart", Chart("b"), Stdout("done\n")))),
            ("01-a.ipynb", Of(Markdown("# A\n"), Code("var x = 1;\nx", Result("1")))),
        ];
        var other = Directory.CreateTempSubdirectory("neurons-site-").FullName;
        try
        {
            SiteWriter.Write(Notebooks(), _dir);
            SiteWriter.Write(Notebooks(), other);
            SiteWriter.Write(Notebooks(), other); // over its own earlier output

            var files = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_dir, f)).Order(StringComparer.Ordinal).ToList();
            var again = Directory.GetFiles(other, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(other, f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(files, again);
            Assert.Contains("index.html", files);
            Assert.Contains("01-a.html", files);
            Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
            foreach (var file in files)
                Assert.True(File.ReadAllBytes(Path.Combine(_dir, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other, file))), file);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_output_type_is_an_error_naming_notebook_cell_and_type_and_writes_nothing()
    {
        var cell = Code("1", new JsonObject { ["output_type"] = "pyout", ["text"] = "1" });
        cell["id"] = "odd-one";
        var error = Assert.Throws<InvalidDataException>(() => Write(
            ("01-good.ipynb", Of(Markdown("# Good\n"))),
            ("02-bad.ipynb", Of(Markdown("# Bad\n"), cell))));

        Assert.Equal(
            "02-bad.ipynb, cell 2 (id \"odd-one\"): output 1 has unknown output_type \"pyout\" (expected stream, execute_result, display_data or error)",
            error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void A_notebook_that_would_overwrite_the_index_page_is_refused_before_anything_is_written()
    {
        var error = Assert.Throws<ArgumentException>(() => Write(
            ("01-a.ipynb", Of(Markdown("# A\n"))),
            ("Index.ipynb", Of(Markdown("# Not the index\n")))));

        Assert.StartsWith("The notebook Index.ipynb would be written as Index.html, the site's index page; rename the notebook.", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void Other_bad_cells_are_errors_naming_what_is_wrong()
    {
        var unknownCell = new JsonObject { ["cell_type"] = "heading", ["source"] = "x" };
        Assert.Equal("01-x.ipynb, cell 1 (id \"cell-1\"): unknown cell_type \"heading\" (expected markdown, code or raw)",
            Assert.Throws<InvalidDataException>(() => Write(("01-x.ipynb", Of(unknownCell)))).Message);

        var numberSource = new JsonObject { ["cell_type"] = "code", ["source"] = 42, ["outputs"] = new JsonArray() };
        Assert.Equal("01-x.ipynb, cell 1 (id \"cell-1\"): \"source\" must be a string or a list of strings, found the number 42",
            Assert.Throws<InvalidDataException>(() => Write(("01-x.ipynb", Of(numberSource)))).Message);

        var pngOnly = Code("h", new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["image/png"] = "iVBORw0KGgo=" } });
        Assert.Equal("01-x.ipynb, cell 1 (id \"cell-1\"): output 1 (display_data) has none of text/plain, text/html or application/vnd.plotly.v1+json, only: image/png",
            Assert.Throws<InvalidDataException>(() => Write(("01-x.ipynb", Of(pngOnly)))).Message);

        Assert.Equal("01-x.ipynb: \"cells\" must be an array, found nothing",
            Assert.Throws<InvalidDataException>(() => Write(("01-x.ipynb", new JsonObject()))).Message);

        Assert.Contains("\"notes.txt\"", Assert.Throws<ArgumentException>(() => Write(("notes.txt", Of()))).Message);
    }
}
