using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Site;
using static Neurons.Workbook.Tests.Site.ExecutedNotebook;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// Issue 15, item 5, in the site: each exercise's worked solution folded on its chapter's page, and
/// a solutions page for teachers with all of them open, on screen and in print.
/// </summary>
public sealed class SolutionsSiteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neurons-solutions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonObject Tagged(JsonObject cell, string tag)
    {
        cell["metadata"]!["tags"] = new JsonArray(tag);
        return cell;
    }

    private const string SolutionMarkdown =
        "<details class=\"solution\"><summary>Solution to exercise 1</summary>\n\n" +
        "Multiply, then add: $a = 1.5 \\times 30 + 20 = 65$.\n\n" +
        "```csharp\ndouble myActivation = 65;\n```\n\n</details>";

    /// <summary>A small chapter shaped as the real ones: an exercise, its answer and check cells, and its solution.</summary>
    private static (string, JsonObject) Chapter(string fileName = "01-a.ipynb", string solution = SolutionMarkdown) => (fileName, Of(
        Markdown("# Chapter A\n\nWords.\n"),
        Markdown("## Exercises\n\nTry them.\n"),
        Tagged(Markdown("### Exercise 1: feedforward\n\nWork out the activation for 30 °C.\n"), "exercise"),
        Tagged(Code("double myActivation = 0;"), "answer"),
        Tagged(Code("myActivation == 65 ? \"Correct\" : \"Not yet: multiply, then add.\"", Stdout("Not yet: multiply, then add.\n")), "check"),
        Tagged(Markdown(solution), "solution")));

    private static Dictionary<string, string> Render(params (string, JsonObject)[] notebooks) =>
        SiteWriter.Render(notebooks).ToDictionary(f => f.Path, f => System.Text.Encoding.UTF8.GetString(f.Bytes));

    [Fact]
    public void A_solution_is_folded_on_its_chapters_page_and_open_on_the_solutions_page_which_the_index_links()
    {
        var site = Render(Chapter());
        var chapter = site["01-a.html"];
        var solutions = site[SiteWriter.SolutionsPageName];

        Assert.Contains("<details class=\"solution\"><summary>Solution to exercise 1</summary>", chapter);
        Assert.DoesNotContain("<details class=\"solution\" open>", chapter);
        // Before the first exercise, the chapter says where the solutions are.
        var note = chapter.IndexOf("<section class=\"prose solutions-note\">", StringComparison.Ordinal);
        Assert.InRange(note, chapter.IndexOf("id=\"exercises\"", StringComparison.Ordinal), chapter.IndexOf("id=\"exercise-1-feedforward\"", StringComparison.Ordinal));
        Assert.Contains("<a href=\"solutions.html#solutions-01-a\">the solutions page</a>", chapter);

        Assert.Contains("<h2 id=\"solutions-01-a\">Chapter A <a class=\"anchor\"", solutions);
        Assert.Contains("<details class=\"solution\" open><summary>Solution to exercise 1</summary>", solutions);
        Assert.Contains("<h3 id=\"exercise-1-feedforward\">Exercise 1: feedforward", solutions);
        Assert.Contains("Work out the activation for 30 °C.", solutions);
        Assert.Contains("<a href=\"01-a.html#exercise-1-feedforward\">This exercise in the chapter</a>", solutions);
        Assert.Contains("<pre class=\"sketch\"><code class=\"language-csharp\">", solutions);
        Assert.Contains("myActivation = <span class=\"num\">65</span>;", solutions);
        Assert.Contains("<span class=\"math\">", solutions);
        // The statement and the solution, never the reader's answer cell or the check's "Not yet".
        Assert.DoesNotContain("Not yet", solutions);
        Assert.DoesNotContain("myActivation = <span class=\"num\">0</span>", solutions);
        Assert.Contains("<a href=\"solutions.html\">The solutions</a>", site["index.html"]);
    }

    [Fact]
    public void The_search_index_finds_the_exercise_but_not_its_solution()
    {
        var index = Render(Chapter())["assets/search-index.js"];

        Assert.Contains("Work out the activation", index);
        Assert.DoesNotContain("Multiply, then add", index);
    }

    [Fact]
    public void A_site_whose_chapters_have_no_solutions_has_no_solutions_page()
    {
        var site = Render(("01-a.ipynb", Of(Markdown("# A\n"), Code("1"))));

        Assert.DoesNotContain(SiteWriter.SolutionsPageName, site.Keys);
        Assert.DoesNotContain("solutions.html", site["index.html"]);
        Assert.DoesNotContain("solutions-note", site["01-a.html"]);
    }

    [Fact]
    public void Exercises_without_solutions_link_no_solutions_page()
    {
        var (name, notebook) = Chapter();
        notebook["cells"]!.AsArray().RemoveAt(5);
        var site = Render((name, notebook));

        Assert.DoesNotContain(SiteWriter.SolutionsPageName, site.Keys);
        Assert.DoesNotContain("solutions.html", site["01-a.html"]);
    }

    [Fact]
    public void A_solution_cell_that_would_not_show_folded_is_refused_with_the_cell_named()
    {
        var error = Assert.Throws<InvalidDataException>(() => Render(Chapter(solution: "The answer is 65.")));

        Assert.Contains("01-a.ipynb, cell 6", error.Message);
        Assert.Contains("<details class=\"solution\">", error.Message);
    }

    [Fact]
    public void A_notebook_named_like_the_solutions_page_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Render(Chapter(), ("solutions.ipynb", Of(Markdown("# S\n")))));

        Assert.Contains("solutions.html, the site's solutions page", error.Message);
    }

    [Fact]
    public void The_export_writes_the_solutions_page_through_its_staged_writes_lists_it_in_its_manifest_and_writes_the_same_bytes_twice()
    {
        var first = Path.Combine(_dir, "first");
        var second = Path.Combine(_dir, "second");
        ExportCommand.WriteFiles(first, ExportCommand.Render([Chapter()]));
        ExportCommand.WriteFiles(second, ExportCommand.Render([Chapter()]));

        var manifest = File.ReadAllLines(Path.Combine(first, ExportManifest.FileName));
        Assert.Contains(manifest, line => line.EndsWith("  " + SiteWriter.SolutionsPageName, StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, SiteWriter.SolutionsPageName)), File.ReadAllBytes(Path.Combine(second, SiteWriter.SolutionsPageName)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "01-a.html")), File.ReadAllBytes(Path.Combine(second, "01-a.html")));
    }

    // The real chapters, as the export writes them (ChapterSite).

    [Fact]
    public async Task Every_chapter_page_has_its_solutions_folded_and_the_solutions_page_has_every_one_open()
    {
        var folder = await ChapterSite.Folder();
        var solutions = File.ReadAllText(Path.Combine(folder, SiteWriter.SolutionsPageName));
        var total = 0;
        foreach (var chapter in ChapterSite.ChapterFiles())
        {
            var exercises = Exercises.Of(await ChapterSite.Notebook(chapter)).Count;
            var page = File.ReadAllText(Path.Combine(folder, Path.ChangeExtension(chapter, ".html")));
            Assert.Equal(exercises, Regex.Matches(page, "<details class=\"solution\"><summary>Solution to exercise \\d</summary>").Count);
            Assert.DoesNotContain("<details class=\"solution\" open", page);
            Assert.Contains($"<h2 id=\"solutions-{Path.GetFileNameWithoutExtension(chapter)}\">", solutions);
            total += exercises;
        }
        Assert.Equal(15, total);
        Assert.Equal(total, Regex.Matches(solutions, "<details class=\"solution\" open><summary>Solution to exercise \\d</summary>").Count);
        Assert.DoesNotContain("<details class=\"solution\">", solutions);
        Assert.Contains("<a href=\"solutions.html\">The solutions</a>", File.ReadAllText(Path.Combine(folder, "index.html")));
    }

    private const string BrowserProbe = """
        window.addEventListener("load", function () { setTimeout(function () {
          // A folded details element keeps its content laid out but skips drawing it (content-visibility), which checkVisibility sees.
          function shown(e) { return e.checkVisibility() && e.getBoundingClientRect().height > 0; }
          var r = { width: window.innerWidth, solutions: [] };
          var all = document.querySelectorAll("details.solution");
          for (var i = 0; i < all.length; i++) {
            var d = all[i], code = d.querySelector("pre");
            var s = { open: d.open, summary: shown(d.querySelector("summary")), codeBefore: !!code && shown(code) };
            d.open = true;
            s.codeOpened = !!code && shown(code);
            s.right = Math.round(d.getBoundingClientRect().right);
            r.solutions.push(s);
          }
          r.scrollWidth = document.documentElement.scrollWidth;
          r.katexErrors = document.querySelectorAll(".katex-error").length;
          r.formulas = document.querySelectorAll("main span.math").length;
          r.typeset = document.querySelectorAll("main span.math .katex").length;
          document.body.setAttribute("data-probe", JSON.stringify(r));
        }, 300); });
        """;

    public static TheoryData<string, int> PagesAtBothWidths()
    {
        var data = new TheoryData<string, int>();
        foreach (var width in new[] { 400, 1280 })
        {
            data.Add(SiteWriter.SolutionsPageName, width);
            data.Add(Path.ChangeExtension(ChapterSite.ChapterFiles()[0], ".html"), width);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PagesAtBothWidths))]
    public async Task In_chromium_a_solution_shows_only_its_summary_until_opened_and_the_solutions_page_shows_every_one(string page, int width)
    {
        var folder = await ChapterSite.Folder();
        var probe = Chromium.Probe(Path.Combine(folder, page), width, BrowserProbe);
        var solutionsPage = page == SiteWriter.SolutionsPageName;
        var solutions = probe["solutions"]!.AsArray();

        Assert.Equal(width, probe["width"]!.GetValue<int>());
        Assert.Equal(solutionsPage ? 15 : 3, solutions.Count);
        foreach (var solution in solutions)
        {
            Assert.True(solution!["summary"]!.GetValue<bool>(), $"{page} at {width} px: a solution's summary is not shown");
            Assert.True(solutionsPage == solution["open"]!.GetValue<bool>(), $"{page} at {width} px: a solution is {(solutionsPage ? "folded" : "open")}");
            Assert.True(solutionsPage == solution["codeBefore"]!.GetValue<bool>(), $"{page} at {width} px: a solution's code is {(solutionsPage ? "hidden" : "shown")} before it is opened");
            Assert.True(solution["codeOpened"]!.GetValue<bool>(), $"{page} at {width} px: an opened solution does not show its code");
            Assert.True(solution["right"]!.GetValue<int>() <= width, $"{page} at {width} px: a solution reaches {solution["right"]} px");
        }
        // Opened, nothing is wider than the screen, and every formula in the solutions typesets.
        Assert.True(probe["scrollWidth"]!.GetValue<int>() <= width, $"{page} at {width} px is {probe["scrollWidth"]} px wide with its solutions open");
        Assert.Equal(0, probe["katexErrors"]!.GetValue<int>());
        Assert.Equal(probe["formulas"]!.GetValue<int>(), probe["typeset"]!.GetValue<int>());
    }

    private static string PdfText(string pdf)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-enc", "UTF-8", pdf, "-" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return Regex.Replace(text, @"\s+", " ");
    }

    [Fact]
    public async Task The_solutions_PDF_prints_every_solution_open_and_a_chapters_PDF_prints_them_folded()
    {
        var folder = await ChapterSite.Folder();
        var solutionsPdf = PdfText(Path.Combine(folder, "solutions.pdf"));
        foreach (var chapter in ChapterSite.ChapterFiles())
        {
            var notebook = await ChapterSite.Notebook(chapter);
            var cells = notebook["cells"]!.AsArray();
            var chapterPdf = PdfText(Path.Combine(folder, Path.ChangeExtension(chapter, ".pdf")));
            foreach (var exercise in Exercises.Of(notebook))
            {
                // A line of the solution's code that the answer cell does not have: only an open solution prints it.
                var answer = Exercises.Source(cells[exercise.Answer]);
                // (Its comment is left out: pdftotext puts a gap in a line of code as a line break.)
                var printed = Exercises.SolutionCode(Exercises.Source(cells[exercise.Solution])).Split('\n')
                    .Where(l => !answer.Contains(l, StringComparison.Ordinal))
                    .Select(l => Regex.Replace(Regex.Replace(l, "//.*$", ""), @"\s+", " ").Trim())
                    .Where(l => l.Length > 0).MinBy(l => l.Length)!;
                Assert.Contains($"Solution to exercise {exercise.Number}", chapterPdf);
                Assert.DoesNotContain(printed, chapterPdf);
                Assert.Contains(printed, solutionsPdf);
            }
        }
    }
}
