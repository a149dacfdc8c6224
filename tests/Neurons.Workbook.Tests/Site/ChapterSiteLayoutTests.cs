using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// The real chapters' pages measured in chromium at a phone's 400 px and a laptop's 1280 px
/// (issue 15): nothing wider than the screen, the contents list beside the text or above it,
/// heading anchors, previous and next at top and bottom, the notebook links and the run box,
/// charts that fit their column with a text alternative, and every text colour at 4.5:1 in the
/// light and the dark scheme. One chromium run per page and width, shared by the checks.
/// </summary>
public sealed class ChapterSiteLayoutTests
{
    private static readonly string ProbeScript = File.ReadAllText(Path.Combine(Repository.Root, "tests", "Neurons.Workbook.Tests", "Site", "probe.js"));

    private static readonly Dictionary<string, Lazy<Task<JsonObject>>> Probes = [];

    private static Task<JsonObject> Probe(string page, int width, bool dark = false, string? query = null)
    {
        var key = $"{page}@{width}{(dark ? "-dark" : "")}{(query is null ? "" : "?" + query)}";
        lock (Probes)
        {
            if (!Probes.TryGetValue(key, out var probe))
            {
                Probes[key] = probe = new Lazy<Task<JsonObject>>(async () =>
                {
                    var folder = await ChapterSite.Folder();
                    var script = (query is null ? "" : $"window.PROBE_QUERY = {System.Text.Json.JsonSerializer.Serialize(query)};\n") + ProbeScript;
                    return Chromium.Probe(Path.Combine(folder, page), width, script, dark ? ["--force-dark-mode"] : []);
                });
            }
            return probe.Value;
        }
    }

    private static string Page(string chapter) => Path.ChangeExtension(chapter, ".html");

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>());

    public static TheoryData<string, int> ChaptersAtBothWidths() => ChapterSite.ChaptersAtBothWidths();

    public static TheoryData<string, int> ChaptersAtEveryWidth() => ChapterSite.ChaptersAtEveryWidth();

    public static TheoryData<string> Chapters() => ChapterSite.Chapters();

    [Theory]
    [MemberData(nameof(ChaptersAtEveryWidth))]
    public async Task Nothing_on_the_page_is_wider_than_the_screen(string chapter, int width)
    {
        var probe = await Probe(Page(chapter), width);

        Assert.Equal(width, probe["width"]!.GetValue<int>());
        Assert.True(probe["scrollWidth"]!.GetValue<int>() <= width, $"{chapter} at {width} px is {probe["scrollWidth"]} px wide: {string.Join("; ", Strings(probe["overflowing"]))}");
        Assert.Empty(Strings(probe["overflowing"]));
    }

    [Theory]
    [MemberData(nameof(ChaptersAtEveryWidth))]
    public async Task A_displayed_formula_wider_than_its_column_is_set_smaller_then_stacked_and_scrolls_only_when_neither_is_enough(string chapter, int width)
    {
        var probe = await Probe(Page(chapter), width);
        var formulas = probe["formulas"]!.AsArray()
            .Select(f => (Fits: f!["fits"]!.GetValue<bool>(), Scale: f["scale"]!.GetValue<double>(), Stacked: f["stacked"]!.GetValue<bool>(), Tex: f["tex"]!.GetValue<string>()))
            .ToList();

        Assert.NotEmpty(formulas);
        // A formula is set smaller only as far as it must, and never below 3/4 of its size; one
        // that still scrolls is at 3/4 and could not be stacked any further (math.js).
        Assert.All(formulas, f => Assert.InRange(f.Scale, 0.75, 1));
        Assert.All(formulas, f => Assert.True(f.Fits || f.Scale == 0.75, $"{chapter} at {width} px: {f.Tex} neither fits nor is at 3/4 size (scale {f.Scale})"));
        if (width >= 1280)
        {
            // On a laptop every formula keeps the lines its author wrote.
            Assert.DoesNotContain(formulas, f => f.Stacked);
        }
        else
        {
            Assert.Contains(formulas, f => f.Stacked && f.Fits);
        }
    }

    [Theory]
    [MemberData(nameof(ChaptersAtBothWidths))]
    public async Task The_contents_list_is_beside_the_text_on_wide_screens_and_above_it_on_narrow_ones(string chapter, int width)
    {
        var probe = await Probe(Page(chapter), width);
        var contents = probe["contents"]!;

        Assert.True(width >= 1280 ? contents["beside"]!.GetValue<bool>() : contents["above"]!.GetValue<bool>(),
            $"{chapter} at {width} px: the contents are {(width >= 1280 ? "not beside" : "not above")} the text");
        // Every h2 and h3 of the page (its sections and the sources) is in the list, and every entry leads somewhere.
        Assert.Equal(probe["headings"]!.GetValue<int>(), contents["entries"]!.GetValue<int>());
        Assert.True(contents["entries"]!.GetValue<int>() >= 5, $"{chapter}: only {contents["entries"]} entries");
        Assert.Equal(0, contents["missingTargets"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(ChaptersAtBothWidths))]
    public async Task Every_section_heading_has_a_visible_anchor_and_every_id_is_unique(string chapter, int width)
    {
        var probe = await Probe(Page(chapter), width);

        Assert.Equal(probe["headings"]!.GetValue<int>(), probe["anchored"]!.GetValue<int>());
        Assert.Empty(Strings(probe["duplicateIds"]));
    }

    [Theory]
    [MemberData(nameof(ChaptersAtBothWidths))]
    public async Task Previous_and_next_are_at_the_top_and_at_the_bottom(string chapter, int width)
    {
        var chapters = ChapterSite.ChapterFiles();
        var i = chapters.ToList().IndexOf(chapter);
        var expected = new List<string>();
        if (i > 0) expected.Add(Page(chapters[i - 1]));
        if (i < chapters.Count - 1) expected.Add(Page(chapters[i + 1]));
        var probe = await Probe(Page(chapter), width);

        Assert.Equal(expected, Strings(probe["navTop"]));
        Assert.Equal(expected, Strings(probe["navBottom"]));
        Assert.True(probe["navTopAboveMain"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ChaptersAtBothWidths))]
    public async Task The_page_links_its_notebooks_and_PDF_and_says_how_to_run_it(string chapter, int width)
    {
        var folder = await ChapterSite.Folder();
        var probe = await Probe(Page(chapter), width);
        var links = Strings(probe["notebookLinks"]).ToList();

        Assert.Equal([chapter, "notebooks/" + chapter, Path.ChangeExtension(chapter, ".pdf")], links);
        Assert.True(File.Exists(Path.Combine(folder, chapter)), "the clean notebook");
        Assert.True(File.Exists(Path.Combine(folder, Path.ChangeExtension(chapter, ".pdf"))), "the PDF");
        var runBox = probe["runBox"]!.GetValue<string>();
        foreach (var step in new[] { "Get the Neurons.Notebooks repository", "dotnet build Neurons.Notebooks.sln", $"notebooks/{chapter}", "VS Code", "“Neurons C#”", "kernel install", "Polyglot Notebooks", ".vscode/settings.json" })
            Assert.Contains(step, runBox);
        var footer = probe["footer"]!.GetValue<string>();
        foreach (var part in new[] { "MIT", "CC BY 4.0", "the Neurons.Notebooks authors", "the licence", "plotly.js, KaTeX" })
            Assert.Contains(part, footer);
    }

    [Fact]
    public async Task The_clean_notebook_is_the_chapter_as_the_repository_holds_it()
    {
        var folder = await ChapterSite.Folder();
        foreach (var chapter in ChapterSite.ChapterFiles())
        {
            var clean = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, chapter)))!;
            var source = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Notebooks, chapter)))!;
            Assert.True(JsonNode.DeepEquals(source, clean), $"{chapter}: the site's clean notebook differs from notebooks/{chapter}");
            Assert.Contains(clean["cells"]!.AsArray(), cell => cell!["cell_type"]!.GetValue<string>() == "code");
        }
    }

    [Theory]
    [MemberData(nameof(ChaptersAtBothWidths))]
    public async Task Each_chart_fits_its_column_has_a_text_alternative_and_readable_labels(string chapter, int width)
    {
        var notebook = await ChapterSite.Notebook(chapter);
        var expected = ChapterSite.Charts(notebook);
        var probe = await Probe(Page(chapter), width);
        var charts = probe["charts"]!.AsArray();

        Assert.Equal(expected.Select(c => c.Id), charts.Select(c => c!["id"]!.GetValue<string>()));
        foreach (var (id, figure) in expected)
        {
            var chart = charts.Single(c => c!["id"]!.GetValue<string>() == id)!;
            var title = figure["layout"]?["title"]?["text"]?.GetValue<string>();
            var description = figure["layout"]?["meta"]?["description"]?.GetValue<string>();
            Assert.True(chart["drawn"]!.GetValue<bool>(), $"{chapter} {id} at {width} px did not draw");
            Assert.Equal("img", chart["role"]!.GetValue<string>());
            var label = chart["label"]!.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(title), $"{chapter} {id} has no title");
            Assert.StartsWith(Regex.Replace(title!, "<[^>]+>", "").TrimEnd('.'), label);
            if (description is not null) Assert.Contains(description.TrimEnd('.'), label);
            Assert.True(chart["drawnWidth"]!.GetValue<int>() <= chart["width"]!.GetValue<int>() + 1,
                $"{chapter} {id} at {width} px is drawn {chart["drawnWidth"]} px wide in a {chart["width"]} px column");
            Assert.True(chart["worstContrast"]!.GetValue<double>() >= 4.5,
                $"{chapter} {id}: the label \"{chart["worstText"]}\" is at {chart["worstContrast"]}:1");
        }
    }

    [Theory]
    [MemberData(nameof(ChaptersAtEveryWidth))]
    public async Task Each_charts_title_stays_inside_the_chart_and_clear_of_its_legend_and_a_phone_gets_no_tool_bar(string chapter, int width)
    {
        var probe = await Probe(Page(chapter), width);
        var charts = probe["charts"]!.AsArray();

        Assert.NotEmpty(charts);
        foreach (var chart in charts)
        {
            var id = chart!["id"]!.GetValue<string>();
            Assert.True(chart["titleInside"]!.GetValue<bool>(), $"{chapter} {id} at {width} px: the title runs past the chart's edge");
            Assert.True(chart["titleClearOfLegend"]!.GetValue<bool>(), $"{chapter} {id} at {width} px: the legend overlaps the title");
            Assert.Equal(width >= 1280, chart["tools"]!.GetValue<bool>());
        }
    }

    [Theory]
    [MemberData(nameof(ChaptersAtBothWidths))]
    public async Task Every_text_is_at_least_four_and_a_half_to_one_in_the_light_scheme(string chapter, int width)
    {
        var probe = await Probe(Page(chapter), width);

        Assert.False(probe["dark"]!.GetValue<bool>());
        Assert.Empty(Strings(probe["lowContrast"]));
    }

    // The colours do not depend on the width: one width keeps the browser runs down.
    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task The_dark_scheme_follows_the_readers_setting_with_every_text_and_chart_label_at_four_and_a_half_to_one(string chapter)
    {
        var probe = await Probe(Page(chapter), 400, dark: true);

        Assert.True(probe["dark"]!.GetValue<bool>());
        Assert.Equal("rgb(21, 23, 27)", probe["paper"]!.GetValue<string>());
        Assert.Empty(Strings(probe["lowContrast"]));
        foreach (var chart in probe["charts"]!.AsArray())
            Assert.True(chart!["worstContrast"]!.GetValue<double>() >= 4.5, $"{chapter} {chart["id"]}: \"{chart["worstText"]}\" at {chart["worstContrast"]}:1");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(1280)]
    public async Task Search_finds_sections_across_all_chapters_from_a_page_opened_from_disk(int width)
    {
        var probe = await Probe("index.html", width, query: "chain rule");

        Assert.True(probe["searchVisible"]!.GetValue<bool>());
        Assert.True(probe["resultsVisible"]!.GetValue<bool>());
        var results = probe["results"]!.AsArray();
        Assert.InRange(results.Count, 2, 12);
        var pages = results.Select(r => r!["href"]!.GetValue<string>().Split('#')[0]).Distinct().ToList();
        Assert.True(pages.Count >= 2, $"results from only {string.Join(", ", pages)}");
        Assert.All(results, r => Assert.Matches(@"^\d\d-[a-z0-9-]+\.html#[\w.-]+$", r!["href"]!.GetValue<string>()));
        Assert.All(results, r => Assert.Contains("chain", r!["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase));
        Assert.Contains("rule", results[0]!["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var folder = await ChapterSite.Folder();
        foreach (var href in results.Select(r => r!["href"]!.GetValue<string>()))
        {
            var parts = href.Split('#');
            Assert.Contains($"id=\"{parts[1]}\"", File.ReadAllText(Path.Combine(folder, parts[0])));
        }
    }

    [Fact]
    public async Task The_index_says_what_each_chapter_teaches()
    {
        var folder = await ChapterSite.Folder();
        var index = File.ReadAllText(Path.Combine(folder, "index.html"));

        foreach (var chapter in ChapterSite.ChapterFiles())
        {
            var entry = Regex.Match(index, $"<li><a href=\"{Regex.Escape(Page(chapter))}\">.*?</a>\\n<p class=\"summary\">(.*?)</p>", RegexOptions.Singleline);
            Assert.True(entry.Success, $"no summary for {chapter}");
            var text = Regex.Replace(entry.Groups[1].Value, "<[^>]+>", "");
            Assert.Contains("chapter", text, StringComparison.OrdinalIgnoreCase);
            Assert.InRange(text.Length, 40, 800);
            Assert.Matches(@"[.!?]$", text.Trim());
        }
    }

    [Fact]
    public async Task Sources_are_cited_by_title_and_no_page_names_a_file_of_the_repository()
    {
        var folder = await ChapterSite.Folder();
        var sources = File.ReadAllText(Path.Combine(folder, "sources.html"));

        Assert.Contains("<cite>Building with Neurons</cite>, <a class=\"address\" href=\"https://www.milestonemade.com/building-with-neurons/\">", sources);
        Assert.Contains("<cite>Neural networks from scratch</cite>", sources);
        Assert.Contains("<cite>The mechanics of a simple neural network</cite>", sources);
        // A title is cited as written: "a simple neural network" in a sentence cites nothing.
        Assert.Equal(3, Regex.Matches(sources, "<dt id=").Count);
        foreach (var page in ChapterSite.ChapterFiles().Select(Page).Append("index.html").Append("sources.html"))
        {
            var html = File.ReadAllText(Path.Combine(folder, page));
            var prose = Regex.Replace(html, "<pre class=\"source\">.*?</pre>", "", RegexOptions.Singleline);
            foreach (var reference in new[] { "shared/seeds", "workbook's sources", "text 000", "text 001", "text 002", "text 003", "Text 001" })
                Assert.DoesNotContain(reference, prose);
        }
        foreach (var chapter in ChapterSite.ChapterFiles())
        {
            var html = File.ReadAllText(Path.Combine(folder, Page(chapter)));
            Assert.Matches("<aside class=\"sources-box\" aria-label=\"Sources\">\\n<h2 id=\"sources\">Sources .*?</h2>\\n<ul>\\n<li><cite>", html);
        }
    }

    [Fact]
    public async Task The_site_carries_the_licence_and_the_notices_of_plotly_js_and_KaTeX()
    {
        var folder = await ChapterSite.Folder();
        var licence = File.ReadAllText(Path.Combine(Repository.Root, "LICENSE"));
        var notices = File.ReadAllText(Path.Combine(Repository.Root, "THIRD-PARTY-NOTICES"));

        Assert.Contains("MIT License", licence);
        Assert.Contains("Creative Commons Attribution 4.0 International (CC BY 4.0)", licence);
        Assert.Contains("Copyright (c) 2026 the Neurons.Notebooks authors", licence);
        Assert.Contains("plotly.js 2.28.0", notices);
        Assert.Contains("Copyright (c) 2012-2024, Plotly, Inc.", notices);
        Assert.Contains("KaTeX", notices);
        Assert.Contains("Khan Academy", notices);
        Assert.Equal(licence, File.ReadAllText(Path.Combine(folder, "LICENSE.txt")));
        Assert.Equal(notices, File.ReadAllText(Path.Combine(folder, "THIRD-PARTY-NOTICES.txt")));
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.Contains("## Licence", readme);
        Assert.Contains("MIT licence", readme);
        Assert.Contains("CC BY 4.0", readme);
        Assert.Contains("the Neurons.Notebooks authors", readme);
    }
}
