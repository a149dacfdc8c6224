using System.Text.RegularExpressions;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// Every real chapter, executed and written as the export writes it, opened in headless chromium:
/// each chart on the page draws, every formula typesets without a KaTeX error, and no raw TeX
/// delimiter is left in the prose. This is where a TeX typo in a chapter shows up.
/// </summary>
public sealed class ChapterSiteInBrowserTests
{
    public static TheoryData<string> Chapters() => ChapterSite.Chapters();

    [Fact]
    public void There_are_chapters_to_check()
    {
        Assert.NotEmpty(Chapters());
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task The_chapter_page_draws_its_charts_and_typesets_its_math(string chapter)
    {
        var site = await ChapterSite.Folder();
        var pagePath = Path.Combine(site, Path.ChangeExtension(chapter, ".html"));
        var html = File.ReadAllText(pagePath);
        var dom = Chromium.DumpDom(pagePath);

        var chartIds = Regex.Matches(html, "<div class=\"chart\" id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        foreach (var id in chartIds)
        {
            var chart = Regex.Match(dom, $"<div class=\"chart[^\"]*\" id=\"{id}\"[^>]*>(.*?)<script>", RegexOptions.Singleline);
            Assert.True(chart.Success && chart.Groups[1].Value.Contains("class=\"main-svg\"", StringComparison.Ordinal),
                $"{chapter}: the chart {id} did not draw");
        }

        var katexErrors = Regex.Matches(dom, "<span class=\"katex-error\" title=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(katexErrors.Count == 0, $"{chapter}: KaTeX could not typeset: {string.Join("; ", katexErrors)}");
        var formulas = Regex.Matches(html, "class=\"math\"").Count;
        Assert.Equal(formulas, Regex.Matches(dom, "<span class=\"katex\">").Count);

        var prose = Regex.Replace(dom, "<(pre|code|script|annotation)\\b.*?</\\1>", "", RegexOptions.Singleline);
        foreach (var delimiter in new[] { "$", "\\(", "\\[" })
            Assert.False(prose.Contains(delimiter, StringComparison.Ordinal), $"{chapter}: a raw {delimiter} is left in the prose");
    }
}
