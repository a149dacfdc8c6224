using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Neurons.Workbook.Engine;
using Neurons.Workbook.Site;
using Neurons.Workbook.Tests.Site;

namespace Neurons.Workbook.Tests.Stdio;

/// <summary>
/// A whole chapter through the stdio host, started exactly as the repository's .vscode/settings.json
/// has the Polyglot extension start it: every cell runs, every chart cell's display carries the
/// plotly figure, and one of them draws with the local plotly.js in headless chromium.
/// </summary>
public sealed class StdioChapterTests
{
    private const string Chapter = "01-the-smallest-neural-network.ipynb";
    private static readonly TimeSpan Cell = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_chapter_run_through_the_host_the_settings_start_draws_every_chart()
    {
        var notebooks = Path.Combine(Repository.Root, "notebooks");
        using var storage = new TestFolder();
        var (commandLine, cwd) = PolyglotSettings.KernelProcess(notebooks, storage.Path);
        Assert.DoesNotContain("run", commandLine.Skip(1));
        var cells = StdioConformanceTests.ChapterCells(Chapter);

        var charts = new Dictionary<int, JsonNode>();
        await using (var host = await StdioSession.StartAsync("ours", commandLine, cwd, TimeSpan.FromMinutes(2)))
        {
            for (var i = 0; i < cells.Count; i++)
            {
                var events = await host.RunAsync(host.Command(new SubmitCode(cells[i], "csharp")), Cell);
                var end = events.Last().Event;
                Assert.True(end is CommandSucceeded, $"{Chapter}, code cell {i + 1}: {(end as CommandFailed)?.Message ?? end.GetType().Name}");
                var shown = events.Where(e => e.Event is DisplayEvent).SelectMany(e => e.FormattedValues).ToList();
                if (shown.FirstOrDefault(v => v.MimeType == PlotlyFigure.MimeType) is { } figure)
                {
                    charts[i + 1] = JsonNode.Parse(figure.Value)!;
                    // Beside the figure, Plotly.NET.Interactive's own HTML, which the extension shows.
                    Assert.Contains(shown, v => v.MimeType == "text/html" && v.Value.Contains("plotly", StringComparison.OrdinalIgnoreCase));
                }
                else
                {
                    Assert.DoesNotContain(shown, v => v.MimeType == "text/html" && v.Value.Contains("Plotly.newPlot", StringComparison.Ordinal));
                }
            }
            Assert.Empty(host.NotEnvelopes);
        }

        // The chart cells are the ones where the workbook's runner sees charts.
        var run = await ChapterRuns.Of(Chapter);
        var expected = run.Cells
            .Where(c => c.Outputs.OfType<JsonObject>().Any(o => o["data"]?[PlotlyFigure.MimeType] is not null))
            .Select(c => c.CodeCellNumber).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, charts.Keys.Order().ToArray());

        var (cellNumber, chart) = charts.First();
        var title = chart["layout"]?["title"]?["text"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(title), $"code cell {cellNumber}'s chart has no title");
        var dom = Draw(chart);
        Assert.Contains("data-drawn=\"yes\"", dom);
        Assert.Contains("class=\"main-svg\"", dom);
        Assert.Contains(title!.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;"), dom);
    }

    /// <summary>The figure drawn by plotly.js (Plotly.NET's own copy, as the site uses) in headless chromium; the page's DOM after.</summary>
    private static string Draw(JsonNode figure)
    {
        using var folder = new TestFolder();
        var plotly = typeof(Plotly.NET.Layout).Assembly.GetManifestResourceStream(SiteAssets.PlotlyResource)
                     ?? throw new InvalidOperationException($"Plotly.NET carries no {SiteAssets.PlotlyResource}");
        using (var file = File.Create(Path.Combine(folder.Path, SiteAssets.PlotlyFile)))
        {
            plotly.CopyTo(file);
        }
        var json = figure.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal);
        var page = folder.WriteFile("chart.html",
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><script src=\"" + SiteAssets.PlotlyFile + "\"></script></head>\n" +
            "<body><div id=\"chart\"></div>\n<script>\nconst figure = " + json + ";\n" +
            "Plotly.newPlot(\"chart\", figure.data, figure.layout, figure.config).then(() => document.body.setAttribute(\"data-drawn\", \"yes\"));\n" +
            "</script></body></html>\n");
        return Chromium.DumpDom(page);
    }
}
