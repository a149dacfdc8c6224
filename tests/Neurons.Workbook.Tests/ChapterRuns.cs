using System.Collections.Concurrent;
using Neurons.Workbook.Running;

namespace Neurons.Workbook.Tests;

/// <summary>
/// Each real chapter run once per test run and shared: the chapter tests, the chart conventions
/// and the browser check all read the same executed notebook.
/// </summary>
public static class ChapterRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<RunResult>>> Runs = new(StringComparer.Ordinal);

    /// <summary>The run of notebooks/<paramref name="chapter"/> (a file name).</summary>
    public static Task<RunResult> Of(string chapter) =>
        Runs.GetOrAdd(chapter, name => new Lazy<Task<RunResult>>(() => NotebookRunner.RunAsync(Path.Combine(Repository.Notebooks, name)))).Value;
}
