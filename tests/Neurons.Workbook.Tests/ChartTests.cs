using System.Text.Json.Nodes;
using Neurons.Workbook.Engine;
using static Neurons.Workbook.Tests.TestNotebooks;

namespace Neurons.Workbook.Tests;

/// <summary>
/// Charts on the real kernel: Plotly.NET.Interactive's HTML, and beside it the figure under the
/// plotly mime type that the workbook's formatter adds, from Plotly.NET's own serialisation.
/// </summary>
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
    public async Task A_returned_or_displayed_chart_carries_its_figure_beside_the_kernels_html()
    {
        var path = _folder.Notebook("chart.ipynb", "md:# Chart", Setup,
            "Plotly.NET.Chart.withTitle(\"Doubling\", null).Invoke(" + LineChart + ")\n    .WithSize(600, 400)",
            "display(" + LineChart + ");\ndisplay(\"then text\");");

        var result = await RunAsync(path);

        Assert.Null(result.Failure);
        // The restore's progress display, updated in place by the kernel, ends as the list of packages.
        var restored = Assert.Single(Outputs(result, 2))!;
        Assert.Equal("display_data", restored["output_type"]!.GetValue<string>());
        Assert.StartsWith("Installed Packages", Text(restored));
        Assert.Contains("Plotly.NET.Interactive, 6.0.0", Text(restored));
        var output = Assert.Single(Outputs(result, 3))!;
        Assert.Equal("execute_result", output["output_type"]!.GetValue<string>());
        var data = output["data"]!.AsObject();
        Assert.Equal(["text/html", PlotlyFigure.MimeType, "text/plain"], data.Select(p => p.Key).ToArray());
        var figure = data[PlotlyFigure.MimeType]!;
        var trace = figure["data"]![0]!;
        Assert.Equal("scatter", trace["type"]!.GetValue<string>());
        Assert.Equal("error", trace["name"]!.GetValue<string>());
        Assert.Equal([2.0, 4.0, 8.0], trace["y"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray());
        Assert.Equal(600, figure["layout"]!["width"]!.GetValue<int>());
        Assert.NotNull(figure["config"]);
        Assert.Equal("Plotly chart: Doubling", Text(output));
        // The kernel's own HTML is Plotly.NET.Interactive's, drawing the same figure.
        Assert.Contains("\"name\":\"error\"", data["text/html"]!.GetValue<string>());

        var shown = Outputs(result, 4);
        Assert.Equal(["display_data", "display_data"], shown.Select(o => o!["output_type"]!.GetValue<string>()).ToArray());
        Assert.NotNull(shown[0]!["data"]![PlotlyFigure.MimeType]);
        Assert.Equal("then text", Text(shown[1]));
    }
}
