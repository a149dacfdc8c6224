using System.Text.Json.Nodes;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Engine;
using Xunit.Abstractions;

namespace Neurons.Workbook.Tests;

/// <summary>
/// The chart helper keeps the chapters' chart cells short (issue 14): measured on every chapter's
/// executed run, a chart cell (a code cell whose outputs include a chart) has at most 15 code lines
/// (non-blank, non-comment), their median over all chapters is 6 or fewer, no line of a chart cell is
/// longer than 100 characters, every chart carries its one-line description, and every chapter
/// opens with the same setup cell.
/// </summary>
public sealed class ChartCellTests(ITestOutputHelper output)
{
    public const int MedianLines = 6;
    public const int MostLines = 15;
    public const int LongestLine = 100;

    private static string[] Chapters() =>
        [.. Workspace.DefaultNotebooks(Repository.Root).Select(path => Path.GetFileName(path))];

    private sealed record ChartCell(string Chapter, string Id, string[] Code, IReadOnlyList<JsonObject> Figures);

    private static async Task<List<ChartCell>> ChartCellsAsync()
    {
        var cells = new List<ChartCell>();
        foreach (var chapter in Chapters())
        {
            var run = await ChapterRuns.Of(chapter);
            Assert.True(run.Succeeded, run.Failure?.Message);
            foreach (var cell in run.Notebook["cells"]!.AsArray().OfType<JsonObject>())
            {
                if (cell["cell_type"]?.GetValue<string>() != "code") continue;
                var figures = (cell["outputs"]?.AsArray() ?? []).OfType<JsonObject>()
                    .Select(o => o["data"]?[PlotlyFigure.MimeType] as JsonObject).OfType<JsonObject>().ToList();
                if (figures.Count == 0) continue;
                cells.Add(new ChartCell(chapter, cell["id"]?.GetValue<string>() ?? "?", CodeLines(Source(cell)), figures));
            }
        }
        return cells;
    }

    private static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray parts => string.Concat(parts.Select(p => p!.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    /// <summary>The non-blank lines that are not only a comment.</summary>
    internal static string[] CodeLines(string source) =>
        [.. source.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal))];

    internal static double Median(IReadOnlyList<int> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    [Fact]
    public void Code_lines_leave_out_blank_lines_and_comments_and_the_median_is_the_middle()
    {
        Assert.Equal(["var a = 1;", "a // one"], CodeLines("var a = 1;\n\n   // a comment\r\na // one\n"));
        Assert.Equal(6, Median([9, 1, 6]));
        Assert.Equal(5.5, Median([9, 1, 5, 6]));
    }

    [Fact]
    public async Task Chart_cells_are_short_and_their_lines_fit()
    {
        var cells = await ChartCellsAsync();
        Assert.NotEmpty(cells);
        foreach (var group in cells.GroupBy(c => c.Chapter))
        {
            output.WriteLine($"{group.Key}: {group.Count()} chart cells, median {Median([.. group.Select(c => c.Code.Length)])} code lines, " +
                $"largest {group.Max(c => c.Code.Length)}, longest line {group.Max(c => c.Code.Max(l => l.Length))}");
        }
        var median = Median([.. cells.Select(c => c.Code.Length)]);
        output.WriteLine($"all chapters: {cells.Count} chart cells, median {median} code lines, largest {cells.Max(c => c.Code.Length)}");

        var problems = cells.Where(c => c.Code.Length > MostLines)
            .Select(c => $"{c.Chapter} {c.Id}: {c.Code.Length} code lines, more than {MostLines}")
            .Concat(cells.SelectMany(c => c.Code.Where(l => l.Length > LongestLine)
                .Select(l => $"{c.Chapter} {c.Id}: a line of {l.Length} characters, more than {LongestLine}: {l.Trim()}")))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(median <= MedianLines, $"chart cells take a median of {median} code lines, more than {MedianLines}");
    }

    [Fact]
    public async Task Every_chart_carries_a_description_for_its_text_alternative()
    {
        var missing = (await ChartCellsAsync())
            .SelectMany(c => c.Figures.Where(f => string.IsNullOrWhiteSpace(f["layout"]?["meta"]?["description"]?.GetValue<string>()))
                .Select(f => $"{c.Chapter} {c.Id}: chart \"{f["layout"]?["title"]?["text"]}\" has no layout.meta.description"))
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task Every_chapter_opens_with_the_same_setup_cell()
    {
        var firsts = new List<(string Chapter, string Source)>();
        foreach (var chapter in Chapters())
        {
            var run = await ChapterRuns.Of(chapter);
            var first = run.Notebook["cells"]!.AsArray().OfType<JsonObject>().First(c => c["cell_type"]?.GetValue<string>() == "code");
            firsts.Add((chapter, Source(first)));
        }
        Assert.NotEmpty(firsts);
        var setup = firsts[0].Source;
        Assert.Contains("#r \"../artifacts/bin/Neurons.Plots/debug/Neurons.Plots.dll\"", setup);
        Assert.Contains("#r \"../artifacts/bin/Neurons/debug/Neurons.dll\"", setup);
        Assert.Contains("FSharp.Core", setup);
        var different = firsts.Where(f => f.Source != setup).Select(f => f.Chapter).ToList();
        Assert.True(different.Count == 0, $"these chapters open with another setup cell than {firsts[0].Chapter}: {string.Join(", ", different)}");
    }
}
