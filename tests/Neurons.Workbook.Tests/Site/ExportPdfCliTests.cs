using Neurons.Workbook.Commands;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// `export` prints a PDF of each chapter beside its page unless --no-pdf is given, fails before
/// running anything with a clear error when chromium is missing, and writes the same PDF bytes
/// on every export. The built runner in its own process, on a one-chapter repository whose
/// chapter has no code (so no engine starts).
/// </summary>
public sealed class ExportPdfCliTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public ExportPdfCliTests()
    {
        _folder.WriteFile(Workspace.SolutionFile, "");
        _folder.Notebook("notebooks/01-words.ipynb", "md:# Words\n\nA chapter of prose, $a = w x + b$, and a [link](https://example.org).");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Without_chromium_export_stops_before_running_and_names_no_pdf()
    {
        var (exit, _, errors) = Cli(["export", "--out", "out"], chromium: "/nonexistent/chromium");

        Assert.Equal(2, exit);
        Assert.Contains("no chromium at /nonexistent/chromium", errors);
        Assert.Contains("--no-pdf", errors);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "out")));
    }

    [Fact]
    public void No_pdf_exports_the_site_without_chromium_and_without_PDFs()
    {
        var (exit, output, errors) = Cli(["export", "--no-pdf", "--out", "out"], chromium: "/nonexistent/chromium");

        Assert.True(exit == 0, output + errors);
        var page = File.ReadAllText(Path.Combine(_folder.Path, "out", "01-words.html"));
        Assert.DoesNotContain(".pdf", page);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "out"), "*.pdf"));
    }

    [Fact]
    public void Export_prints_each_chapter_beside_its_page_and_two_exports_print_the_same_bytes()
    {
        var first = Cli(["export", "--out", "first"]);
        var second = Cli(["export", "--out", "second"]);

        Assert.True(first.Exit == 0, first.Output + first.Errors);
        Assert.True(second.Exit == 0, second.Output + second.Errors);
        var pdf = File.ReadAllBytes(Path.Combine(_folder.Path, "first", "01-words.pdf"));
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.True(pdf.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_folder.Path, "second", "01-words.pdf"))), "two exports printed different PDFs");
        Assert.Contains("<a href=\"01-words.pdf\">PDF</a>", File.ReadAllText(Path.Combine(_folder.Path, "first", "01-words.html")));
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.Contains("/URI (https://example.org/)", text);
        Assert.DoesNotContain(_folder.Path, text);
        Assert.DoesNotContain("file://", text);
    }

    // The built command line, with NEURONS_CHROMIUM set in its environment when given.
    private (int Exit, string Output, string Errors) Cli(string[] arguments, string? chromium = null) =>
        WorkbookCli.Run(_folder.Path, arguments, chromium is null ? null : new Dictionary<string, string> { ["NEURONS_CHROMIUM"] = chromium });
}
