using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Workbook.Site;
using Xunit.Abstractions;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// The PDF the export prints of each chapter, read back with poppler (pdfinfo, pdftotext,
/// pdfimages): no blank page, no chart split across two pages, no word past the right margin,
/// WebGL charts drawn, and the same bytes when printed again.
/// </summary>
public sealed class ChapterPdfTests(ITestOutputHelper output)
{
    // The print stylesheet's @page: A4, 14 mm at the sides.
    private const double MarginPoints = 14 / 25.4 * 72;

    public static TheoryData<string> Chapters() => ChapterSite.Chapters();

    private static async Task<string> Pdf(string chapter) => Path.Combine(await ChapterSite.Folder(), Path.ChangeExtension(chapter, ".pdf"));

    private static string Poppler(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"The PDF tests read the PDFs with poppler's {tool}, which is not installed (apt-get install poppler-utils; bash .ci/run does).", e);
        }
        using (process)
        {
            var text = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1))) { process.Kill(); throw new TimeoutException($"{tool} did not finish"); }
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {errors.Result}");
            return text.Result;
        }
    }

    private static int PageCount(string pdf) =>
        int.Parse(Regex.Match(Poppler("pdfinfo", pdf), @"^Pages:\s+(\d+)", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Each page's text, one string per page (pdftotext ends each page with a form feed).</summary>
    private static List<string> PageTexts(string pdf)
    {
        var pages = Poppler("pdftotext", "-enc", "UTF-8", pdf, "-").Split('\f').ToList();
        if (pages.Count > 0 && pages[^1].Trim().Length == 0) pages.RemoveAt(pages.Count - 1);
        return pages.Select(p => Regex.Replace(p, @"\s+", " ")).ToList();
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task Every_page_has_something_on_it(string chapter)
    {
        var pdf = await Pdf(chapter);
        var count = PageCount(pdf);
        var texts = PageTexts(pdf);
        output.WriteLine($"{Path.GetFileName(pdf)}: {count} pages");

        Assert.InRange(count, 5, 40);
        Assert.Equal(count, texts.Count);
        for (var p = 0; p < count; p++)
            Assert.True(texts[p].Trim().Length >= 40, $"{Path.GetFileName(pdf)} page {p + 1} is (nearly) blank: \"{texts[p].Trim()}\"");
        Assert.StartsWith("Neurons.Notebooks", texts[0].Trim());
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task No_word_runs_past_the_margins(string chapter)
    {
        var pdf = await Pdf(chapter);
        var bbox = Poppler("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-");
        var cut = new List<string>();
        var page = 0;
        var pageWidth = 0.0;
        foreach (var line in bbox.Split('\n'))
        {
            if (Regex.Match(line, @"<page width=""([\d.]+)""") is { Success: true } p)
            {
                page++;
                pageWidth = double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
                continue;
            }
            var word = Regex.Match(line, @"<word xMin=""([\d.]+)"" yMin=""[\d.]+"" xMax=""([\d.]+)"" yMax=""[\d.]+"">(.*)</word>");
            if (!word.Success) continue;
            var xMin = double.Parse(word.Groups[1].Value, CultureInfo.InvariantCulture);
            var xMax = double.Parse(word.Groups[2].Value, CultureInfo.InvariantCulture);
            if (xMin < MarginPoints - 2 || xMax > pageWidth - MarginPoints + 2)
                cut.Add($"page {page}: \"{System.Net.WebUtility.HtmlDecode(word.Groups[3].Value)}\" at {xMin:0}..{xMax:0} pt");
        }
        Assert.True(page > 0);
        Assert.True(cut.Count == 0, $"{Path.GetFileName(pdf)}: {cut.Count} word(s) outside the text area, e.g. {string.Join("; ", cut.Take(5))}");
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task No_chart_is_split_across_two_pages(string chapter)
    {
        var pdf = await Pdf(chapter);
        var texts = PageTexts(pdf);
        var charts = ChapterSite.Charts(await ChapterSite.Notebook(chapter));
        var checkedCharts = 0;
        foreach (var (id, figure) in charts)
        {
            var layout = figure["layout"] as JsonObject;
            var title = Regex.Replace(layout?["title"]?["text"]?.GetValue<string>() ?? "", "<[^>]+>", " ");
            title = Regex.Replace(title, @"\s+", " ").Trim();
            // The chart's lowest text: its x-axis title, or else its legend's entries.
            var bottom = new List<string>();
            if (layout?["xaxis"]?["title"]?["text"]?.GetValue<string>() is { Length: > 0 } x) bottom.Add(x);
            else if (layout?["annotations"] is JsonArray annotations && annotations.Count > 0)
            {
                // A diagram without axes: its labels.
                foreach (var annotation in annotations)
                    if (annotation!["text"]?.GetValue<string>() is { Length: > 0 } label) bottom.Add(label);
            }
            else if (figure["data"]!.AsArray().Any(t => t!["mode"]?.GetValue<string>()?.Contains("text") == true))
            {
                // A diagram drawn with text traces: every label.
                foreach (var trace in figure["data"]!.AsArray())
                    if (trace!["mode"]?.GetValue<string>()?.Contains("text") == true && trace["text"] is JsonArray labels)
                        bottom.AddRange(labels.Select(l => l!.ToString()));
            }
            else
            {
                foreach (var trace in figure["data"]!.AsArray())
                    if (trace!["name"]?.GetValue<string>() is { Length: > 0 } name && trace["showlegend"]?.GetValue<bool>() != false) bottom.Add(name);
            }
            if (title.Length == 0 || bottom.Count == 0) continue;
            var key = title.Length > 30 ? title[..30] : title;
            var pages = Enumerable.Range(0, texts.Count).Where(p => texts[p].Contains(key, StringComparison.Ordinal)).ToList();
            Assert.True(pages.Count > 0, $"{chapter} {id}: the title \"{key}\" is on no page");
            foreach (var text in bottom)
            {
                var end = Regex.Replace(text, @"\s+", " ").Trim();
                end = end.Length > 20 ? end[..20] : end;
                Assert.True(pages.Any(p => texts[p].Contains(end, StringComparison.Ordinal)),
                    $"{chapter} {id}: \"{key}\" is on page {pages[0] + 1} but \"{end}\" is not: the chart is split");
            }
            checkedCharts++;
        }
        Assert.True(checkedCharts == charts.Count, $"{chapter}: only {checkedCharts} of {charts.Count} charts could be checked");
    }

    [Fact]
    public async Task The_3D_surface_is_drawn_into_the_PDF_and_printing_again_gives_the_same_bytes()
    {
        const string chapter = "05-the-error-landscape.ipynb";
        var pdf = await Pdf(chapter);
        var texts = PageTexts(pdf);
        // The chart is the last place its title is printed: the cell's code above it may name it too.
        var surfacePage = texts.FindLastIndex(t => t.Contains("The mean squared error as a surface", StringComparison.Ordinal)) + 1;
        Assert.True(surfacePage > 0, "the surface chart's title is in the PDF");
        // WebGL draws into a canvas, which chromium prints as an image on the chart's page.
        var images = Poppler("pdfimages", "-list", "-f", surfacePage.ToString(CultureInfo.InvariantCulture), "-l", surfacePage.ToString(CultureInfo.InvariantCulture), pdf);
        Assert.True(images.Split('\n').Count(l => Regex.IsMatch(l, @"^\s*\d+\s+\d+\s+image")) >= 1, $"no image on page {surfacePage}:\n{images}");

        var folder = await ChapterSite.Folder();
        var site = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".pdf", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith(".probe-", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes(f))).ToList();
        var again = PdfPrinter.Find().Print(site, [(Path.ChangeExtension(chapter, ".html"), "again.pdf")]);
        var first = File.ReadAllBytes(pdf);
        if (!first.AsSpan().SequenceEqual(again[0].Bytes))
        {
            var kept = Path.Combine(AppContext.BaseDirectory, "chapter5-printed-again.pdf");
            File.WriteAllBytes(kept, again[0].Bytes);
            var at = Enumerable.Range(0, Math.Min(first.Length, again[0].Bytes.Length)).FirstOrDefault(i => first[i] != again[0].Bytes[i]);
            Assert.Fail($"a second print of chapter 5 differs ({first.Length} and {again[0].Bytes.Length} bytes, first at byte {at}); it is kept in {kept}");
        }
        var text = System.Text.Encoding.Latin1.GetString(again[0].Bytes);
        Assert.Contains("/CreationDate (D:20000101000000+00'00')", text);
        // Its links lead to the files beside it, not into the folder it was printed from.
        Assert.DoesNotContain("file://", text);
        Assert.Contains("/URI (05-the-error-landscape.ipynb)", text);
        Assert.Contains("/URI (notebooks/05-the-error-landscape.ipynb)", text);
        // ... and every entry of its cross-reference table still points at its object.
        var table = text.LastIndexOf("\nxref\n0 ", StringComparison.Ordinal);
        var header = text.IndexOf('\n', table + 6);
        var count = int.Parse(text[(table + 8)..header], CultureInfo.InvariantCulture);
        for (var i = 1; i < count; i++)
        {
            var entry = text.Substring(header + 1 + i * 20, 20);
            if (entry[17] != 'n') continue;
            var offset = int.Parse(entry[..10], CultureInfo.InvariantCulture);
            Assert.True(text.AsSpan(offset).StartsWith($"{i} 0 obj"), $"xref entry {i} points at \"{text.Substring(offset, 12)}\"");
        }
        var startxref = int.Parse(Regex.Match(text, @"startxref\n(\d+)\n%%EOF\n?$").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(table + 1, startxref);
    }

    [Fact]
    public void Without_chromium_the_export_fails_with_a_clear_error_that_names_no_pdf()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PdfPrinter.Find("/nonexistent/chromium"));

        Assert.Contains("/nonexistent/chromium", error.Message);
        Assert.Contains("apt-get install chromium", error.Message);
        Assert.Contains("--no-pdf", error.Message);
    }

    [Fact]
    public void The_dates_chromium_writes_are_fixed_and_nothing_else_moves()
    {
        var pdf = System.Text.Encoding.Latin1.GetBytes("%PDF-1.4\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261201083501+00'00')\n/ModDate (D:20261201083502+00'00')>>\n\u00ff\u0000binary");

        var fixedPdf = PdfPrinter.FixDates(pdf);

        Assert.Equal(pdf.Length, fixedPdf.Length);
        Assert.Equal("%PDF-1.4\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20000101000000+00'00')\n/ModDate (D:20000101000000+00'00')>>\n\u00ff\u0000binary",
            System.Text.Encoding.Latin1.GetString(fixedPdf));
    }
}
