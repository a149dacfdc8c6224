using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Running;

namespace Neurons.Workbook.Tests;

/// <summary>Every chapter in notebooks/ runs through the runner on every test run.</summary>
public sealed class ChapterTests
{
    /// <summary>One case per notebooks/*.ipynb; with no chapters yet, one case that checks the search itself.</summary>
    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (var path in Workspace.DefaultNotebooks(Repository.Root))
        {
            data.Add(Path.GetFileName(path));
        }
        if (data.Count == 0)
        {
            data.Add(NoChapters);
        }
        return data;
    }

    private const string NoChapters = "(no chapters yet)";

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task Chapter_runs_without_a_cell_error(string chapter)
    {
        if (chapter == NoChapters)
        {
            // The runner found the repository (so an empty list means no chapters, not a wrong folder).
            Assert.Equal(Repository.Root, Workspace.FindRoot(Repository.Root));
            Assert.True(File.Exists(Path.Combine(Repository.Root, Workspace.SolutionFile)));
            return;
        }
        var result = await ChapterRuns.Of(chapter);
        Assert.True(result.Succeeded, result.Failure?.Message);
    }

    /// <summary>
    /// The design's rule for plots, on every chart a chapter draws: a title; a title on every axis it
    /// shows (a diagram hides its axes); and a name for every trace when the legend lists several.
    /// </summary>
    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task Every_chart_has_a_title_axis_titles_and_a_legend_that_names_its_traces(string chapter)
    {
        if (chapter == NoChapters)
        {
            return;
        }
        var result = await ChapterRuns.Of(chapter);
        Assert.True(result.Succeeded, result.Failure?.Message);
        var problems = new List<string>();
        var cells = result.Notebook["cells"]!.AsArray();
        for (var index = 0; index < cells.Count; index++)
        {
            foreach (var output in cells[index]!["outputs"]?.AsArray() ?? [])
            {
                if (output?["data"]?[Neurons.Workbook.Engine.PlotlyFigure.MimeType] is not JsonObject figure)
                {
                    continue;
                }
                var layout = figure["layout"] as JsonObject ?? [];
                var title = TitleText(layout["title"]);
                void Problem(string what) => problems.Add($"cell {index + 1}, chart \"{title}\": {what}");
                if (string.IsNullOrWhiteSpace(title))
                {
                    Problem("no title");
                }

                var traces = figure["data"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
                var threeD = traces.Any(t => t["type"]?.GetValue<string>() is "surface" or "scatter3d" or "mesh3d");
                IEnumerable<(string Name, JsonObject? Axis)> axes = threeD
                    ? new[] { "xaxis", "yaxis", "zaxis" }.Select(name => ($"scene.{name}", layout["scene"]?[name] as JsonObject))
                    : layout.Where(p => p.Key.StartsWith("xaxis", StringComparison.Ordinal) || p.Key.StartsWith("yaxis", StringComparison.Ordinal))
                        .Select(p => (p.Key, p.Value as JsonObject))
                        .DefaultIfEmpty(("xaxis", null));
                foreach (var (name, axis) in axes)
                {
                    var hidden = axis?["visible"] is JsonValue visible && visible.GetValueKind() == JsonValueKind.False;
                    if (!hidden && string.IsNullOrWhiteSpace(TitleText(axis?["title"])))
                    {
                        Problem($"{name} has no title");
                    }
                }

                var inLegend = traces.Where(t => t["showlegend"] is not JsonValue shown || shown.GetValueKind() != JsonValueKind.False).ToList();
                if (inLegend.Count > 1 && inLegend.Any(t => string.IsNullOrWhiteSpace(t["name"]?.GetValue<string>())))
                {
                    Problem($"{inLegend.Count} traces in the legend, not all named");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{chapter}:\n{string.Join("\n", problems)}");
    }

    private static string? TitleText(JsonNode? title) => title switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonObject o => o["text"]?.GetValue<string>(),
        _ => null,
    };
}
