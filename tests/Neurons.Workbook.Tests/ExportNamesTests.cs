using System.Text;
using System.Text.Json.Nodes;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Site;

namespace Neurons.Workbook.Tests;

/// <summary>Notebooks an export cannot publish as they are, found before anything runs; names the site must encode.</summary>
public sealed class ExportNamesTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public ExportNamesTests()
    {
        _folder.WriteFile(Workspace.SolutionFile, "");
    }

    public void Dispose() => _folder.Dispose();

    private string Root => _folder.Path;

    [Fact]
    public async Task Notebooks_named_index_ipynb_or_only_ipynb_or_differing_in_case_stop_the_export_before_it_runs()
    {
        _folder.Notebook("notebooks/index.ipynb", "md:# Index");
        _folder.Notebook("notebooks/.ipynb", "md:# Nothing");
        _folder.Notebook("notebooks/01-Neuron.ipynb", "md:# One");
        _folder.Notebook("notebooks/01-neuron.ipynb", "md:# one");
        _folder.Notebook("notebooks/02-fine.ipynb", "md:# Fine");
        var outDir = Path.Combine(Root, "out");

        var problems = ExportCommand.Unexportable(Workspace.DefaultNotebooks(Root));
        var exit = await ExportCommand.ExecuteAsync(Root, outDir, TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(
        [
            ".ipynb: a notebook needs a name before .ipynb (its page would be \".html\"); rename it",
            "index.ipynb: its page would be index.html, the site's index page; rename the notebook",
            "01-Neuron.ipynb and 01-neuron.ipynb differ only in letter case: on a disk that ignores case their pages and copies would be one file; rename one",
        ], problems);
        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_heading_cell_or_a_markdown_source_that_is_not_text_stops_the_export_before_it_runs()
    {
        var heading = TestNotebooks.Build("md:# Title", "1");
        heading["cells"]![0]!["cell_type"] = "heading";
        heading["cells"]![0]!["level"] = 1;
        _folder.WriteFile("notebooks/01-heading.ipynb", NotebookJson.Serialize(heading));
        var source = TestNotebooks.Build("md:# Title", "2");
        source["cells"]![0]!["source"] = new JsonObject { ["text"] = "# Title" };
        _folder.WriteFile("notebooks/02-source.ipynb", NotebookJson.Serialize(source));
        _folder.WriteFile("notebooks/03-twice.ipynb", "{\"cells\":[],\"cells\":[]}");
        var outDir = Path.Combine(Root, "out");

        var problems = ExportCommand.Unexportable(Workspace.DefaultNotebooks(Root));
        var exit = await ExportCommand.ExecuteAsync(Root, outDir, TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(3, problems.Count);
        Assert.Equal("01-heading.ipynb, cell 1 (heading): cell_type is \"heading\", expected \"code\", \"markdown\" or \"raw\"", problems[0]);
        Assert.Equal("02-source.ipynb, cell 1 (markdown): \"source\" must be a string or a list of strings, not {\"text\":\"# Title\"}", problems[1]);
        Assert.StartsWith("03-twice.ipynb: not valid JSON: ", problems[2]);
        Assert.Equal(1, exit);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Page_names_with_hash_question_mark_space_or_percent_are_encoded_in_links()
    {
        var pages = SiteWriter.Render(
        [
            ("01-what#is?this 100%.ipynb", TestNotebooks.Build("md:# First")),
            ("02-next.ipynb", TestNotebooks.Build("md:# Second")),
        ]).ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Bytes));

        Assert.Contains("01-what#is?this 100%.html", pages.Keys);
        Assert.Contains("<a href=\"01-what%23is%3Fthis%20100%25.html\">", pages["index.html"]);
        Assert.Contains("href=\"01-what%23is%3Fthis%20100%25.html\"", pages["02-next.html"]);
        Assert.DoesNotContain("href=\"01-what#", string.Concat(pages.Values));
    }
}
