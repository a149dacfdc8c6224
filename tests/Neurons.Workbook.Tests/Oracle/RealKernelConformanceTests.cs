using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Workbook.Engine;
using Neurons.Workbook.Running;
using Xunit.Abstractions;

namespace Neurons.Workbook.Tests.Oracle;

/// <summary>
/// Every chapter on the workbook's engine against the real dotnet-interactive (Polyglot's own
/// kernel) under nbclient: the first code cell differs by design (there it says why the charts will
/// fail); every other cell the real tool runs shows the reader the same text in both; every cell that
/// fails there fails with the FSharp.Core clash and draws its chart here (or, a chart helper, is
/// code on Plotly.NET). It fails the day the real tool draws a chart, so the advice is revisited.
/// </summary>
public sealed class RealKernelConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Chapters() => ChapterTests.Chapters();

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task A_chapter_shows_the_same_on_the_real_kernel_but_for_the_charts_it_cannot_draw(string chapter)
    {
        if (!File.Exists(Path.Combine(Repository.Notebooks, chapter)))
        {
            return; // the no-chapters case, which ChapterTests checks
        }
        var ours = await ChapterRuns.Of(chapter);
        Assert.True(ours.Succeeded, ours.Failure?.Message);
        var real = await RealKernelRuns.Of(chapter);
        var ourCells = CodeCells(ours.Notebook);
        var realCells = CodeCells(real);
        Assert.Equal(ourCells.Count, realCells.Count);

        // The setup cell: there it tells the reader why charts will fail and where to get them.
        var notice = Visible(realCells[0]);
        Assert.Contains("FSharp.Core 10.0", notice);
        Assert.Contains("charts will fail here", notice);
        Assert.DoesNotContain("charts will fail here", Visible(ourCells[0]));

        var same = 0;
        var clashes = 0;
        var problems = new List<string>();
        for (var i = 1; i < ourCells.Count; i++)
        {
            var where = $"{chapter} code cell {i + 1}";
            var ourChart = Outputs(ourCells[i]).Any(o => o["data"]?[PlotlyFigure.MimeType] is JsonObject);
            var errors = Outputs(realCells[i]).Where(o => Str(o["output_type"]) == "error").ToList();
            if (errors.Count > 0)
            {
                clashes++;
                var message = string.Join("\n", errors.Select(e => Str(e["evalue"]) + "\n" + Str(e["traceback"])));
                if (!IsFSharpCoreClash(message))
                {
                    problems.Add($"{where} fails on the real kernel, not with the FSharp.Core clash: {First(message)}");
                }
                // A cell that fails there draws its chart here, or (a chart helper) defines code on Plotly.NET.
                if (!ourChart && !Str(ourCells[i]["source"]).Contains("Plotly", StringComparison.Ordinal))
                {
                    problems.Add($"{where} fails on the real kernel, but draws no chart here and does not use Plotly.NET");
                }
                continue;
            }
            if (ourChart)
            {
                problems.Add($"{where}: the real kernel drew this chart without failing; it draws charts now, so revisit the setup cell's advice and the README");
                continue;
            }
            var (mine, theirs) = (Visible(ourCells[i]), Visible(realCells[i]));
            if (mine == theirs)
            {
                same++;
            }
            else
            {
                problems.Add($"{where} shows something else:\n--- here\n{mine}\n--- real kernel\n{theirs}");
            }
        }
        output.WriteLine($"{chapter}: {ourCells.Count} code cells; the setup cell differs by design; {same} show the same text; {clashes} fail on the real kernel with the FSharp.Core clash and draw their chart here");
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        Assert.True(clashes > 0, $"{chapter}: no cell failed on the real kernel; if it draws charts now, revisit the advice");
    }

    private static bool IsFSharpCoreClash(string message) =>
        message.Contains("FSharp.Core, Version=10.1", StringComparison.Ordinal)
        || message.Contains("MissingMethodException", StringComparison.Ordinal) && message.Contains("FSharp", StringComparison.Ordinal);

    private static string First(string text) => text.Split('\n')[0];

    private static List<JsonObject> CodeCells(JsonObject notebook) =>
        notebook["cells"]!.AsArray().OfType<JsonObject>().Where(c => Str(c["cell_type"]) == "code").ToList();

    private static IEnumerable<JsonObject> Outputs(JsonObject cell) => cell["outputs"]?.AsArray().OfType<JsonObject>() ?? [];

    /// <summary>nbformat stores text as a string or a list of lines.</summary>
    private static string Str(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray a => string.Concat(a.Select(Str)),
        null => "",
        _ => node.ToJsonString(),
    };

    /// <summary>What a reader reads of a cell's outputs: console text joined, values as their text, HTML as what it shows.</summary>
    private static string Visible(JsonObject cell)
    {
        var parts = new List<string>();
        foreach (var o in Outputs(cell))
        {
            switch (Str(o["output_type"]))
            {
                case "stream":
                    parts.Add(Str(o["text"]));
                    break;
                case "error":
                    parts.Add(Str(o["ename"]) + ": " + Str(o["evalue"]));
                    break;
                default:
                    var data = o["data"] as JsonObject ?? [];
                    parts.Add(data["text/html"] is { } html ? VisibleText.Of(Str(html)) : Str(data["text/plain"]));
                    break;
            }
        }
        return VisibleText.Of(System.Net.WebUtility.HtmlEncode(string.Join("\n", parts)));
    }
}
