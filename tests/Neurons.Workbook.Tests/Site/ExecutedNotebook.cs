using System.Text.Json.Nodes;
using Plotly.NET.CSharp;

namespace Neurons.Workbook.Tests.Site;

/// <summary>Hand-built executed notebooks, shaped as the runner writes them (nbformat 4.5).</summary>
internal static class ExecutedNotebook
{
    public static JsonObject Of(params JsonObject[] cells)
    {
        var array = new JsonArray();
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i]["id"] ??= $"cell-{i + 1}";
            array.Add(cells[i]);
        }
        return new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject(),
            ["cells"] = array,
        };
    }

    public static JsonObject Markdown(string source) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(source),
    };

    public static JsonObject Code(string source, params JsonObject[] outputs) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = 1,
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(source),
        ["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o).ToArray()),
    };

    public static JsonObject Stdout(string text) => new()
    {
        ["output_type"] = "stream",
        ["name"] = "stdout",
        ["text"] = Lines(text),
    };

    public static JsonObject Result(string text) => new()
    {
        ["output_type"] = "execute_result",
        ["execution_count"] = 1,
        ["metadata"] = new JsonObject(),
        ["data"] = new JsonObject { ["text/plain"] = text },
    };

    public static JsonObject Error(string ename, string evalue, params string[] traceback) => new()
    {
        ["output_type"] = "error",
        ["ename"] = ename,
        ["evalue"] = evalue,
        ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode)t).ToArray()),
    };

    /// <summary>A line chart as Plotly.NET's figure JSON, with the text/html the site must ignore.</summary>
    public static JsonObject Chart(string title, string traceName = "error") => new()
    {
        ["output_type"] = "display_data",
        ["metadata"] = new JsonObject(),
        ["data"] = new JsonObject
        {
            ["application/vnd.plotly.v1+json"] = new JsonObject
            {
                ["data"] = new JsonArray(new JsonObject
                {
                    ["type"] = "scatter",
                    ["mode"] = "lines",
                    ["name"] = traceName,
                    ["x"] = new JsonArray(0, 1, 2, 3),
                    ["y"] = new JsonArray(1.0, 0.5, 0.25, 0.125),
                }),
                ["layout"] = new JsonObject
                {
                    ["title"] = new JsonObject { ["text"] = title },
                    ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "step" } },
                    ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "error" } },
                },
                ["config"] = new JsonObject { ["responsive"] = true },
            },
            ["text/html"] = "<div id=\"from-notebook-html\"></div><script>document.title = 'notebook html ran';</script>",
            ["text/plain"] = "Plotly chart",
        },
    };

    /// <summary>A real Plotly.NET chart's figure, as the runner's formatter stores it.</summary>
    public static JsonObject PlotlyNetChart()
    {
        double[] steps = [0, 1, 2, 3, 4];
        double[] errors = [4, 2.25, 1, 0.25, 0];
        var chart = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: steps, y: errors, Name: "squared error")
            .WithXAxisStyle<double, double, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: "squared error per step");
        var figure = JsonNode.Parse(Plotly.NET.GenericChart.toJson(chart))!;
        return new JsonObject
        {
            ["output_type"] = "display_data",
            ["metadata"] = new JsonObject(),
            ["data"] = new JsonObject
            {
                ["application/vnd.plotly.v1+json"] = figure,
                ["text/plain"] = "Plotly chart",
            },
        };
    }

    // nbformat stores multiline text as a list of lines, each keeping its newline.
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }
}
