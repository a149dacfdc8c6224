using System.Text.Json.Nodes;
using Neurons.Workbook.Running;
using static Neurons.Workbook.Tests.TestNotebooks;

namespace Neurons.Workbook.Tests;

public sealed class ChartTests : IDisposable
{
    private const string Setup =
        "#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n" +
        "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n" +
        "using Plotly.NET.CSharp;";

    private const string LineChart =
        "Chart.Line<double, double, string>(x: new[] { 1.0, 2.0, 3.0 }, y: new[] { 2.0, 4.0, 8.0 }, Name: \"error\")";

    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_chart_as_the_trailing_expression_is_shown_as_a_plotly_figure()
    {
        var path = _folder.Notebook("chart.ipynb", "md:# Chart", Setup, LineChart + "\n    .WithSize(600, 400)");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        var output = Assert.Single(Outputs(result, 3))!;
        Assert.Equal("execute_result", output["output_type"]!.GetValue<string>());
        var data = output["data"]!.AsObject();
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], data.Select(p => p.Key).ToArray());
        var figure = data["application/vnd.plotly.v1+json"]!;
        var trace = figure["data"]![0]!;
        Assert.Equal("scatter", trace["type"]!.GetValue<string>());
        Assert.Equal("error", trace["name"]!.GetValue<string>());
        Assert.Equal([2.0, 4.0, 8.0], trace["y"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray());
        Assert.Equal(600, figure["layout"]!["width"]!.GetValue<int>());
        Assert.NotNull(figure["config"]);
        Assert.Equal("Plotly chart", Text(output));
        var html = Text(output, "text/html");
        Assert.StartsWith("<div id=\"plotly-chart-cell3-output1\"></div>", html);
        Assert.Contains("Plotly.newPlot('plotly-chart-cell3-output1', figure.data, figure.layout, figure.config)", html);
    }

    [Fact]
    public async Task A_displayed_chart_is_display_data_and_two_runs_give_identical_outputs()
    {
        var path = _folder.Notebook("shown.ipynb", Setup, "display(" + LineChart + ");\ndisplay(\"then text\");");

        var first = await RunAsync(path);
        var second = await RunAsync(path);

        Assert.Null(first.Failure);
        var outputs = Outputs(first, 2);
        Assert.Equal(2, outputs.Count);
        Assert.Equal("display_data", outputs[0]!["output_type"]!.GetValue<string>());
        Assert.NotNull(outputs[0]!["data"]!["application/vnd.plotly.v1+json"]);
        Assert.Contains("plotly-shown-cell2-output1", Text(outputs[0], "text/html"));
        Assert.Equal("then text", Text(outputs[1]));
        Assert.Equal(first.Notebook.ToJsonString(), second.Notebook.ToJsonString());
    }

    [Fact]
    public async Task Chart_html_cannot_close_its_script_element_early()
    {
        var path = _folder.Notebook("escape.ipynb", Setup,
            "Chart.Line<double, double, string>(x: new[] { 1.0 }, y: new[] { 1.0 }, Name: \"</script><b>\")");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        var html = Text(Assert.Single(Outputs(result, 2)), "text/html");
        Assert.Equal(1, CountOf(html, "</script>"));
        Assert.Contains("\\u003C/script\\u003E\\u003Cb\\u003E", html);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
