using Neurons.Workbook.Commands;
using Neurons.Workbook.Running;

namespace Neurons.Workbook.Tests;

/// <summary>Every chapter in notebooks/ runs through the runner on every test run.</summary>
public sealed class ChapterTests
{
    /// <summary>One case per notebooks/*.ipynb; with no chapters yet, one case that checks the search itself.</summary>
    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (var path in Workspace.DefaultNotebooks(Repository.Root))
        {
            data.Add(Path.GetFileName(path));
        }
        if (data.Count == 0)
        {
            data.Add(NoChapters);
        }
        return data;
    }

    private const string NoChapters = "(no chapters yet)";

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task Chapter_runs_without_a_cell_error(string chapter)
    {
        if (chapter == NoChapters)
        {
            // The runner found the repository (so an empty list means no chapters, not a wrong folder).
            Assert.Equal(Repository.Root, Workspace.FindRoot(Repository.Root));
            Assert.True(File.Exists(Path.Combine(Repository.Root, Workspace.SolutionFile)));
            return;
        }
        var result = await NotebookRunner.RunAsync(Path.Combine(Repository.Notebooks, chapter));
        Assert.True(result.Succeeded, result.Failure?.Message);
    }
}
