using System.Text.Json.Nodes;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Site;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// Every real chapter, run once (ChapterRuns) and written as the export writes it, PDFs included,
/// once per test run: the browser and PDF tests all read this one site. Kept after the run under
/// the test's bin folder for a person to open.
/// </summary>
internal static class ChapterSite
{
    public static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "site-chapters");

    private static readonly Lazy<Task<(string Dir, IReadOnlyList<(string FileName, JsonObject Notebook)> Executed)>> Site = new(async () =>
    {
        var executed = new List<(string, JsonObject)>();
        foreach (var path in Workspace.DefaultNotebooks(Repository.Root))
        {
            // A failing chapter still gets a page (with its error output); ChapterTests reports the failure.
            var result = await ChapterRuns.Of(Path.GetFileName(path));
            executed.Add((Path.GetFileName(path), result.Notebook));
        }
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        foreach (var (path, bytes) in SiteWriter.Render(executed, PdfPrinter.Find()))
        {
            var file = Path.Combine(Dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }
        return (Dir, executed);
    });

    public static async Task<string> Folder() => (await Site.Value).Dir;

    public static async Task<JsonObject> Notebook(string chapter) =>
        (await Site.Value).Executed.Single(e => e.FileName == chapter).Notebook;

    public static IReadOnlyList<string> ChapterFiles() =>
        Workspace.DefaultNotebooks(Repository.Root).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (var chapter in ChapterFiles()) data.Add(chapter);
        return data;
    }

    public static TheoryData<string, int> ChaptersAtBothWidths() => ChaptersAt(400, 1280);

    /// <summary>Also 360 px, the narrowest common phone (and about a 400 px window less a classic scrollbar).</summary>
    public static TheoryData<string, int> ChaptersAtEveryWidth() => ChaptersAt(360, 400, 1280);

    private static TheoryData<string, int> ChaptersAt(params int[] widths)
    {
        var data = new TheoryData<string, int>();
        foreach (var chapter in ChapterFiles())
        {
            foreach (var width in widths) data.Add(chapter, width);
        }
        return data;
    }

    /// <summary>The figures of a chapter's charts, by the chart's id on the page.</summary>
    public static IReadOnlyList<(string Id, JsonObject Figure)> Charts(JsonObject notebook)
    {
        var charts = new List<(string, JsonObject)>();
        var cells = notebook["cells"]!.AsArray();
        for (var c = 0; c < cells.Count; c++)
        {
            if (cells[c]!["outputs"] is not JsonArray outputs) continue;
            for (var o = 0; o < outputs.Count; o++)
            {
                if (outputs[o]!["data"]?["application/vnd.plotly.v1+json"] is JsonObject figure)
                    charts.Add(($"chart-{c + 1}-{o + 1}", figure));
            }
        }
        return charts;
    }
}
