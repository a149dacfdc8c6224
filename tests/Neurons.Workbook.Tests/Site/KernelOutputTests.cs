using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Workbook.Site;
using static Neurons.Workbook.Tests.Site.ExecutedNotebook;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// The real C# kernel's outputs (samples from chapter 3) in the site: its HTML shown sanitised,
/// as VS Code shows it, charts drawn from their figure and never from their HTML, and none of the
/// kernel's random ids in the page.
/// </summary>
public sealed class KernelOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neurons-kernel-site-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Page(params JsonObject[] outputs)
    {
        SiteWriter.Write([("01-kernel.ipynb", Of(Markdown("# Kernel\n"), Code("example", outputs)))], _dir);
        var page = File.ReadAllText(Path.Combine(_dir, "01-kernel.html"));
        return page[page.IndexOf("<main", StringComparison.Ordinal)..];
    }

    [Fact]
    public void A_tree_view_is_shown_as_the_kernels_html_without_its_style_element()
    {
        var page = Page(KernelSample.TreeView());

        Assert.Contains("<div class=\"output html\"><details open class=\"dni-treeview\"><summary><span class=\"dni-code-hint\"><code>Network 2-2-1: w1 = 0, w2 = 1,", page);
        Assert.Contains("<tr><td>InputCount</td><td><div class=\"dni-plaintext\"><pre>2</pre></div></td></tr>", page);
        Assert.Contains("<th><i>index</i></th><th>value</th>", page);
        Assert.Contains("<details class=\"dni-treeview\"><summary><span class=\"dni-code-hint\"><code>Neuron(w = [0, 1], b = 0, sigmoid)</code>", page);
        Assert.DoesNotContain("<style", page);
        Assert.DoesNotContain(".dni-code-hint {", page);
        Assert.DoesNotContain("output result", page); // not the text/plain
    }

    [Fact]
    public void The_site_stylesheet_styles_the_kernels_tree_views()
    {
        Page(KernelSample.TreeView());
        var css = File.ReadAllText(Path.Combine(_dir, "assets", "site.css"));

        Assert.Contains("details.dni-treeview", css);
        Assert.Contains(".dni-code-hint", css);
        Assert.Contains(".output.html", css);
    }

    [Fact]
    public void The_installed_packages_display_is_shown_as_html()
    {
        var page = Page(KernelSample.InstalledPackages());

        Assert.Contains("<div class=\"output html\"><div><div></div><div></div><div><strong>Installed Packages</strong><ul><li><span>Plotly.NET.CSharp, 0.14.0</span></li>", page);
    }

    [Fact]
    public void A_chart_is_drawn_from_its_figure_and_its_html_is_never_emitted()
    {
        var page = Page(KernelSample.Chart());

        Assert.Contains("<div class=\"chart\" id=\"chart-2-1\"", page);
        Assert.Contains("NeuronsCharts.draw(\"chart-2-1\", [{", page);
        Assert.Contains("The 2-2-1 network: inputs, hidden layer, output", page);
        foreach (var fromHtml in new[] { "requirejs", "cdn.plot.ly", "cdnjs", "renderPlotly_", "d747cf89", "Plotly chart will be drawn", "output html" })
            Assert.DoesNotContain(fromHtml, page);
    }

    [Fact]
    public void A_chart_without_its_figure_shows_its_text_and_runs_no_script()
    {
        var page = Page(KernelSample.Chart(withFigure: false));

        Assert.Contains("<pre class=\"output result\">Plotly.NET.GenericChart+Chart</pre>", page);
        Assert.DoesNotContain("requirejs", page);
        Assert.DoesNotContain("d747cf89", page);
        Assert.DoesNotContain("<div class=\"chart\"", page);
    }

    [Fact]
    public void The_kernels_random_ids_never_reach_the_page_so_two_runs_give_the_same_bytes()
    {
        var first = Page(KernelSample.Chart(id: "0b6f0e7a-1111-4c1a-9d7e-3f2a1b0c9d8e"),
            KernelSample.HtmlResult("<div id=\"5c8e2f4a-2222-4b3c-8d9e-0a1b2c3d4e5f\"><pre>1</pre></div>"));
        var second = Page(KernelSample.Chart(id: "9a8b7c6d-3333-4e5f-a0b1-c2d3e4f5a6b7"),
            KernelSample.HtmlResult("<div id=\"d0e1f2a3-4444-4b5c-9d6e-7f8091a2b3c4\"><pre>1</pre></div>"));

        Assert.Equal(first, second);
        Assert.DoesNotMatch(new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), first);
    }

    [Fact]
    public void Script_in_a_kernels_html_is_dropped_and_its_text_stays()
    {
        var page = Page(KernelSample.HtmlResult(
            "<div onclick=\"alert(1)\"><b>shown</b><script>alert(2)</script><img src=x onerror=alert(3)>" +
            "<iframe srcdoc=\"<script>alert(4)</script>\"></iframe><a href=\"javascript:alert(5)\">link</a>" +
            "<svg><script>alert(6)</script></svg><style>body{display:none}</style></div>"));

        Assert.Contains("<div class=\"output html\"><div><b>shown</b><img src=\"x\"><a>link</a></div></div>", page);
        Assert.DoesNotContain("alert", page);
    }

    [Fact]
    public void Text_outputs_stay_escaped_beside_html_ones()
    {
        var page = Page(Stdout("<b>not bold</b>\n"), KernelSample.HtmlResult("<b>bold</b>", "<b>plain</b>"), Result("<i>plain text</i>"));

        Assert.Contains("<pre class=\"output stream stdout\">&lt;b&gt;not bold&lt;/b&gt;\n</pre>", page);
        Assert.Contains("<div class=\"output html\"><b>bold</b></div>", page);
        Assert.Contains("<pre class=\"output result\">&lt;i&gt;plain text&lt;/i&gt;</pre>", page);
        Assert.DoesNotContain("<b>plain</b>", page);
    }
}
