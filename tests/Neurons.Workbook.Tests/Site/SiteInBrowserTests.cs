using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Workbook.Site;
using static Neurons.Workbook.Tests.Site.ExecutedNotebook;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// The written site opened from disk in headless chromium, with no network: the charts draw, the
/// math is typeset, and printed HTML stays text. Fails (never skips) when chromium is missing.
/// </summary>
public sealed class SiteInBrowserTests
{
    private const string Injection = "<script>document.title = 'injected'; document.body.setAttribute('data-injected', 'yes');</script>";

    // Kept after the run (under the test's bin folder) for a person to open and look at.
    private static readonly string SiteDir = Path.Combine(AppContext.BaseDirectory, "site-browser-test");

    private static readonly Lazy<string> Site = new(() =>
    {
        (string, JsonObject)[] notebooks =
        [
            ("01-one-neuron.ipynb", Of(
                Markdown("# One neuron\n\nA neuron with weight $w$ and bias $b$ answers\n\n$$\na = w \\cdot x + b\n$$\n\n" +
                         "| x | a |\n|---|---|\n| 0 | 1 |\n| 1 | 3 |\n"),
                Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nvar w = 2.0; var b = 1.0;\n// the activation\nConsole.WriteLine($\"a(1) = {w * 1 + b}\");",
                    Stdout("a(1) = 3\n")),
                Code($"Console.WriteLine(\"{Injection.Replace("'", "\\'")}\");", Stdout(Injection + "\n")),
                Markdown("## Training\n\nThe error $E = (a - y)^2$ falls step by step, and each step moves the weight:\n\n$$w \\leftarrow w - \\eta \\, \\frac{\\partial E}{\\partial w}$$"),
                Code("Chart.Line(steps, errors)", Chart("Error per step")),
                Code("Chart.Line(steps, weights)", Chart("Weight per step", traceName: "w")),
                Code("Chart.Line(steps, squaredErrors)", PlotlyNetChart()),
                Code("w / 0m", Error("DivideByZeroException", "Attempted to divide by zero.", "   at cell 7, line 1")))),
            ("02-two-neurons.ipynb", Of(Markdown("# Two neurons\n\nNothing to draw yet: $\\sigma(z) = \\frac{1}{1 + e^{-z}}$."))),
            // Issue 13's attacks in markdown: each would mark the body if it ran. The heading's HTML
            // is also shown in the index and in the previous chapter's next link.
            ("03-attacks.ipynb", Of(
                Markdown("# Attacks <img src=x onerror=\"document.body.setAttribute('data-attack-heading-img', '')\">" +
                         "<script>document.body.setAttribute('data-attack-heading-script', '')</script>\n\n" +
                         "<img src=x onerror=\"document.body.setAttribute('data-attack-img', '')\">\n\n" +
                         "<script>document.body.setAttribute('data-attack-script', '')</script>\n\n" +
                         "<svg><script>document.body.setAttribute('data-attack-svg', '')</script></svg>\n\n" +
                         "<iframe srcdoc=\"&lt;script&gt;parent.document.body.setAttribute('data-attack-iframe', '')&lt;/script&gt;\"></iframe>\n\n" +
                         "<details open ontoggle=\"document.body.setAttribute('data-attack-toggle', '')\"><summary>more</summary>x</details>\n\n" +
                         "<a id=\"link\" href=\"JavaScript:document.body.setAttribute('data-attack-link', '')\">a link</a>\n"))),
            // The real kernel's outputs: a tree view, a chart with its figure, one without, and HTML that attacks.
            ("04-kernel-outputs.ipynb", Of(
                Markdown("# Kernel outputs\n"),
                Code("example", KernelSample.TreeView()),
                Code("diagram", KernelSample.Chart()),
                Code("diagram", KernelSample.Chart(withFigure: false)),
                Code("hostile", KernelSample.HtmlResult(
                    "<div><b>bold from the kernel</b><script>document.body.setAttribute('data-attack-output-script', '')</script>" +
                    "<img src=x onerror=\"document.body.setAttribute('data-attack-output-img', '')\"></div>")))),
        ];
        SiteWriter.Write(notebooks, SiteDir);
        return SiteDir;
    });

    // One chromium run per page, shared by the tests that read it.
    private static readonly Dictionary<string, string> Doms = [];

    private static string Dom(string page)
    {
        lock (Doms)
        {
            if (!Doms.TryGetValue(page, out var dom)) Doms[page] = dom = Chromium.DumpDom(Path.Combine(Site.Value, page));
            return dom;
        }
    }

    [Fact]
    public void Each_chart_draws_its_svg()
    {
        var dom = Dom("01-one-neuron.html");

        foreach (var id in new[] { "chart-5-1", "chart-6-1", "chart-7-1" })
        {
            var chart = Regex.Match(dom, $"<div class=\"chart[^\"]*\" id=\"{id}\"[^>]*>(.*?)<script>", RegexOptions.Singleline);
            Assert.True(chart.Success, $"no chart div {id} in the DOM");
            Assert.Contains("class=\"main-svg\"", chart.Groups[1].Value);
        }
        Assert.Contains("Error per step", dom);
        Assert.Contains("Weight per step", dom);
        Assert.Contains("squared error per step", dom);
    }

    [Fact]
    public void The_math_is_typeset()
    {
        var chapter = Dom("01-one-neuron.html");
        var next = Dom("02-two-neurons.html");

        // $w$, $b$, $E = ...$ inline, a $$ block and a $$...$$ paragraph displayed on the first page;
        // one inline formula on the second.
        Assert.Equal(5, Regex.Matches(chapter, "<span class=\"katex\">").Count);
        Assert.Equal(2, Regex.Matches(chapter, "<span class=\"katex-display\">").Count);
        Assert.Single(Regex.Matches(next, "<span class=\"katex\">"));
        foreach (var dom in new[] { chapter, next })
        {
            Assert.DoesNotContain("katex-error", dom);
            Assert.DoesNotContain("\\(", dom);
            Assert.DoesNotContain("\\[", dom);
            Assert.DoesNotContain("$", Regex.Replace(dom, "<pre.*?</pre>", "", RegexOptions.Singleline));
        }
    }

    [Fact]
    public void Printed_html_stays_text_and_runs_nothing()
    {
        var dom = Dom("01-one-neuron.html");

        Assert.Contains("<pre class=\"output stream stdout\">&lt;script&gt;document.title = 'injected';", dom);
        Assert.Contains("<title>One neuron · Neurons.Notebooks</title>", dom);
        Assert.DoesNotContain("data-injected=", dom);
        Assert.Matches(new Regex("^<body class=\"[a-z]+\">$", RegexOptions.Multiline), dom);
    }

    [Fact]
    public void The_index_links_every_chapter()
    {
        var dom = Dom("index.html");

        Assert.Contains("<li><a href=\"01-one-neuron.html\">One neuron</a>", dom);
        Assert.Contains("<li><a href=\"02-two-neurons.html\">Two neurons</a>", dom);
    }

    [Fact]
    public void Script_in_markdown_and_in_headings_does_not_run()
    {
        foreach (var page in new[] { "03-attacks.html", "02-two-neurons.html", "index.html" })
        {
            var dom = Dom(page);
            Assert.DoesNotContain("data-attack", Regex.Match(dom, "<body[^>]*>").Value);
            Assert.Matches(new Regex("^<body class=\"[a-z]+\">$", RegexOptions.Multiline), dom);
            Assert.DoesNotContain("<iframe", dom);
            Assert.DoesNotContain("<script>document", dom);
        }
        Assert.Contains("<a id=\"link\">a link</a>", Dom("03-attacks.html"));
        Assert.Contains("Attacks <img src=\"x\">", Dom("index.html"));
    }

    [Fact]
    public void Kernel_html_shows_its_tree_view_and_only_the_sites_chart_code_runs()
    {
        var dom = Dom("04-kernel-outputs.html");

        Assert.Contains("<details open=\"\" class=\"dni-treeview\"><summary><span class=\"dni-code-hint\"><code>Network 2-2-1:", dom);
        var chart = Regex.Match(dom, "<div class=\"chart[^\"]*\" id=\"chart-3-1\"[^>]*>(.*?)<script>", RegexOptions.Singleline);
        Assert.True(chart.Success && chart.Groups[1].Value.Contains("class=\"main-svg\"", StringComparison.Ordinal), "the chart did not draw from its figure");
        Assert.Contains("<pre class=\"output result\">Plotly.NET.GenericChart+Chart</pre>", dom);
        Assert.Contains("<b>bold from the kernel</b>", dom);
        Assert.DoesNotContain("data-attack", Regex.Match(dom, "<body[^>]*>").Value);
        Assert.DoesNotContain("require", dom);
        Assert.DoesNotContain("cdnjs", dom);
        Assert.DoesNotContain(".dni-code-hint {", dom); // the kernel's own <style> element
    }
}
