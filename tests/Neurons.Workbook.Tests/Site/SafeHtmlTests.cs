using System.Text.Json.Nodes;
using Neurons.Workbook.Site;
using static Neurons.Workbook.Tests.Site.ExecutedNotebook;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// The allow-list sanitiser on its own and as the site writer uses it: every attack that issue 13
/// lists (event handlers, script, script inside SVG, iframe srcdoc, javascript: links in any
/// letter case, a heading's HTML shown in the index and the neighbours' links) is written as
/// harmless HTML, and the formatting authors use survives.
/// </summary>
public sealed class SafeHtmlTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neurons-safe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Prose(string html) => SafeHtml.Clean(html, SafeHtml.Kind.Prose);

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "<img src=\"x\">")]
    [InlineData("<p onclick=\"alert(1)\" ONMOUSEOVER=alert(2)>hi</p>", "<p>hi</p>")]
    [InlineData("<script>alert(1)</script>after", "after")]
    [InlineData("<SCRIPT SRC=//evil.example/x.js></SCRIPT>after", "after")]
    [InlineData("<svg><script>alert(1)</script><circle r=1 /></svg>after", "after")]
    [InlineData("<svg onload=alert(1)>after", "")]
    [InlineData("<math><mtext><img src=x onerror=alert(1)></mtext></math>after", "after")]
    [InlineData("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>after", "after")]
    [InlineData("<iframe src=\"javascript:alert(1)\">after", "")]
    [InlineData("<object data=\"x.swf\"></object><embed src=\"x.swf\">after", "after")]
    [InlineData("<style>body { display: none }</style>after", "after")]
    [InlineData("<a href=\"javascript:alert(1)\">go</a>", "<a>go</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">go</a>", "<a>go</a>")]
    [InlineData("<a href=\" \tjava&#x09;script&#58;alert(1)\">go</a>", "<a>go</a>")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">go</a>", "<a>go</a>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">go</a>", "<a>go</a>")]
    [InlineData("<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">go</a>", "<a>go</a>")]
    [InlineData("<img src=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\">", "")]
    [InlineData("<form action=\"https://evil.example\"><input name=q><button>send</button></form>after", "after")]
    [InlineData("<div style=\"background: url(javascript:alert(1))\">x</div>", "<div>x</div>")]
    [InlineData("<a href=\"https://example.org/\" target=\"_blank\" name=\"Plotly\">x</a>", "<a href=\"https://example.org/\">x</a>")]
    [InlineData("<!-- a comment --><p>x</p>", "<p>x</p>")]
    [InlineData("<template><script>alert(1)</script></template><noscript><img src=x onerror=alert(1)></noscript>after", "after")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><base href=\"https://evil.example/\">after", "after")]
    [InlineData("<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>")]
    public void Attacks_are_written_harmless(string html, string expected)
    {
        Assert.Equal(expected, Prose(html));
    }

    [Theory]
    [InlineData("<p>Some <b>bold</b>, <i>italic</i>, <strong>strong</strong>, <em>em</em>, <sub>1</sub><sup>2</sup>, <kbd>Ctrl</kbd>, <mark>m</mark>, <del>d</del>.</p>")]
    [InlineData("<img src=\"images/neuron.png\" alt=\"A neuron\" width=\"200\">")]
    [InlineData("<img src=\"./data/plot.svg\" alt=\"plot\">")]
    [InlineData("<a href=\"https://example.org/a?b=1&amp;c=2\">http(s)</a> <a href=\"http://example.org\">h</a> <a href=\"mailto:someone@example.org\">mail</a>")]
    [InlineData("<a href=\"02-mean-squared-error.html#the-race\">relative</a> <a href=\"#training\">in-page</a> <a href=\"../notebooks/x.ipynb\">up</a>")]
    [InlineData("<h2 id=\"training\">Training</h2>")]
    [InlineData("<table>\n<thead>\n<tr>\n<th style=\"text-align: right;\">x</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td colspan=\"2\">1</td>\n</tr>\n</tbody>\n</table>")]
    [InlineData("<details open><summary>Hint</summary><p>Try a smaller rate.</p></details>")]
    [InlineData("<blockquote>\n<p><strong>A note.</strong> text</p>\n</blockquote>")]
    [InlineData("<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol start=\"3\">\n<li>three</li>\n</ol>")]
    [InlineData("<p><span class=\"math\">\\(x &lt; \\$y\\)</span> and <code>a &amp;&amp; b</code></p>")]
    [InlineData("<pre><code class=\"language-text\">int x\n</code></pre>")]
    [InlineData("<pre>\n\nstarts with a blank line</pre>")]
    [InlineData("<p>a<br>b</p><hr>")]
    public void The_formatting_authors_use_is_kept_as_it_was(string html)
    {
        Assert.Equal(html, Prose(html));
    }

    [Fact]
    public void Markdig_self_closing_tags_and_entities_come_out_as_a_browser_reads_them()
    {
        Assert.Equal("<p>a<br>b &amp; c&nbsp;d</p>\n<hr>\n<p><img src=\"x.png\" alt=\"x\"></p>",
            Prose("<p>a<br />b &amp; c&nbsp;d</p>\n<hr />\n<p><img src=\"x.png\" alt=\"x\" /></p>"));
    }

    [Fact]
    public void Ids_are_kept_in_prose_only_when_they_are_plain_names_the_site_does_not_use()
    {
        Assert.Equal("<h2 id=\"a-b_c.1\">x</h2><h2>y</h2><h2>z</h2>",
            Prose("<h2 id=\"a-b_c.1\">x</h2><h2 id=\"contents\">y</h2><h2 id=\"x y\">z</h2>"));
        Assert.Equal("<div>x</div>", SafeHtml.Clean("<div id=\"d48ad488-c129-42c8-ab05-68bd7c19e013\">x</div>", SafeHtml.Kind.Output));
    }

    [Fact]
    public void A_heading_shown_inside_a_link_keeps_its_formatting_but_no_link_or_id()
    {
        Assert.Equal("The <em>second</em> chapter, see ", SafeHtml.Clean(
            "The <em id=\"x\">second</em> chapter, see <a href=\"https://example.org\"></a><script>alert(1)</script>", SafeHtml.Kind.Inline));
    }

    [Fact]
    public void Markdown_attacks_in_a_chapter_are_written_harmless_in_its_page()
    {
        SiteWriter.Write([("01-attacks.ipynb", Of(Markdown(
            "# Attacks\n\n" +
            "<img src=x onerror=\"document.title='img'\">\n\n" +
            "<script>document.title='script'</script>\n\n" +
            "<svg><script>document.title='svg'</script></svg>\n\n" +
            "<iframe srcdoc=\"&lt;script&gt;parent.document.title='frame'&lt;/script&gt;\"></iframe>\n\n" +
            "[lower](javascript:alert('lower')) [mixed](JavaScript:alert('mixed')) [upper](JAVASCRIPT:alert('upper'))\n\n" +
            "An image that is ours: ![a neuron](images/neuron.png), a [site](https://example.org) and [mail](mailto:a@example.org).\n")))], _dir);

        var page = File.ReadAllText(Path.Combine(_dir, "01-attacks.html"));
        var main = page[page.IndexOf("<main", StringComparison.Ordinal)..];
        foreach (var attack in new[] { "onerror", "<script>document", "<svg", "<iframe", "srcdoc", "javascript:", "JavaScript:", "JAVASCRIPT:" })
            Assert.DoesNotContain(attack, main);
        Assert.Contains("<a>lower</a> <a>mixed</a> <a>upper</a>", main);
        Assert.Contains("<img src=\"images/neuron.png\" alt=\"a neuron\">", main);
        Assert.Contains("<a href=\"https://example.org\">site</a>", main);
        Assert.Contains("<a href=\"mailto:a@example.org\">mail</a>", main);
    }

    [Fact]
    public void A_headings_html_is_harmless_in_the_index_and_in_the_neighbours_links()
    {
        const string heading = "# Two <img src=x onerror=\"document.title='heading'\"><script>document.title='heading'</script> [neurons](javascript:alert(1))\n";
        SiteWriter.Write([
            ("01-a.ipynb", Of(Markdown("# One\n"))),
            ("02-b.ipynb", Of(Markdown(heading))),
            ("03-c.ipynb", Of(Markdown("# Three\n"))),
        ], _dir);

        foreach (var page in new[] { "index.html", "01-a.html", "03-c.html" })
        {
            var html = File.ReadAllText(Path.Combine(_dir, page));
            Assert.DoesNotContain("onerror", html);
            Assert.DoesNotContain("document.title", html);
            Assert.DoesNotContain("javascript:", html);
            Assert.Contains("href=\"02-b.html\"", html);
            Assert.Contains("Two <img src=\"x\"> neurons", html);
        }
        Assert.Contains("<title>Two neurons · Neurons.Notebooks</title>", File.ReadAllText(Path.Combine(_dir, "02-b.html")));
    }
}
