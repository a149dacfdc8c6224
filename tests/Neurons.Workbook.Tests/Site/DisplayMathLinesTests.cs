using Neurons.Workbook.Site;
using static Neurons.Workbook.Tests.Site.ExecutedNotebook;

namespace Neurons.Workbook.Tests.Site;

public sealed class DisplayMathLinesTests
{
    [Fact]
    public void A_display_formula_over_two_lines_of_a_paragraph_becomes_one_line()
    {
        Assert.Equal("Chain:\n\n$$a = b \\qquad c = d\\, e$$\n\nafter",
            DisplayMathLines.Join("Chain:\n\n$$a = b\n\\qquad c = d\\, e$$\n\nafter"));
    }

    [Theory]
    [InlineData("$$\na = b\nc = d\n$$\n")]                  // the block form, which Markdig reads itself
    [InlineData("$$a = b\n\nc = d$$")]                      // a blank line ends the paragraph
    [InlineData("```\n$$a\nb$$\n```\n")]                   // fenced code
    [InlineData("Write `$$a\nb$$` for that.")]              // a code span
    [InlineData("$$a = b % the sum\n+ c$$")]                // a TeX comment would swallow the joined rest
    [InlineData("$$a = b$$ and $$c\n$$")]                   // a closing $$ after a space is not one
    [InlineData("costs $5\nor $$ a lot")]                   // no closing $$
    public void Everything_else_is_left_as_it_is(string markdown)
    {
        Assert.Equal(markdown, DisplayMathLines.Join(markdown));
    }

    [Fact]
    public void The_page_shows_such_a_formula_as_display_math_with_its_tex_intact()
    {
        var dir = Directory.CreateTempSubdirectory("neurons-site-").FullName;
        try
        {
            SiteWriter.Write([("01-chain.ipynb", Of(Markdown(
                "# Chain\n\n$$\\frac{\\partial E}{\\partial w} = 2e\n\\qquad \\frac{d}{de}\\, e^2 = 2e$$\n")))], dir);

            Assert.Contains("<p><span class=\"math\">\\[\\frac{\\partial E}{\\partial w} = 2e \\qquad \\frac{d}{de}\\, e^2 = 2e\\]</span></p>",
                File.ReadAllText(Path.Combine(dir, "01-chain.html")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
