using System.Diagnostics;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Neurons.Workbook.Engine;

namespace Neurons.Workbook.Tests.Jupyter;

/// <summary>
/// The engine the front doors share: an interrupted wait keeps the state, an interrupted loop that
/// never yields loses its engine process (and says so) and the next cell runs in a new one.
/// </summary>
public sealed class SupervisedEngineTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SubmitCode Cell(string code) => new(code, WorkbookKernel.CSharpKernelName);

    /// <summary>The cell's value as a reader sees it (the kernel shows a number as HTML).</summary>
    private static string? Value(SupervisedReply reply) =>
        reply.Events.OfType<ReturnValueProduced>().SingleOrDefault() is { } value
            ? Neurons.Workbook.Running.VisibleText.Of(value.FormattedValues.First(v => v.MimeType == "text/html").Value).Trim()
            : string.Join(" / ", reply.Events.Select(e => e.GetType().Name + (e is CommandFailed f ? ": " + f.Message : "")));

    private static void AssertValue(string expected, SupervisedReply reply)
    {
        var actual = Value(reply);
        Assert.True(actual == expected, $"expected the value {expected}, got: {actual}");
    }

    // Each cell is given two seconds to get past its compilation and run before it is interrupted.
    [Fact]
    public async Task An_interrupted_delay_keeps_the_state_and_an_interrupted_endless_loop_replaces_the_engine()
    {
        await using var engine = await SupervisedEngine.StartAsync(new DirectoryInfo(_folder.Path));
        var replacements = new List<EngineReplacement>();
        engine.Replaced += replacements.Add;
        Assert.True((await engine.SendAsync(Cell("var kept = 41;"), TimeSpan.FromMinutes(1))).Succeeded);
        var firstProcess = engine.Current!.ProcessId;

        var sleeping = engine.SendAsync(Cell("await Task.Delay(60_000); kept = 0;"), Timeout.InfiniteTimeSpan);
        await Task.Delay(2000);
        var clock = Stopwatch.StartNew();
        // A generous grace: on a loaded machine a waiting cell's probe can take a while to answer.
        Assert.Equal(InterruptOutcome.Cancelled, await engine.InterruptAsync(TimeSpan.FromSeconds(4)));
        var slept = await sleeping;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the interrupted sleep took {clock.Elapsed}");
        Assert.True(slept.Interrupted);
        Assert.False(slept.EngineReplaced);
        Assert.False(slept.Succeeded);
        clock.Restart();
        AssertValue("42", (await engine.SendAsync(Cell("kept + 1"), TimeSpan.FromMinutes(1))));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the cell after the interrupted sleep took {clock.Elapsed}");
        Assert.Equal(firstProcess, engine.Current!.ProcessId);
        Assert.Empty(replacements);

        var looping = engine.SendAsync(Cell("while (true) { }"), Timeout.InfiniteTimeSpan);
        await Task.Delay(2000);
        Assert.Equal(InterruptOutcome.EngineReplaced, await engine.InterruptAsync(TimeSpan.FromSeconds(1)));
        var looped = await looping;
        Assert.True(looped.Interrupted);
        Assert.True(looped.EngineReplaced);
        Assert.Contains("state was lost", looped.Detail);
        var after = await engine.SendAsync(Cell("1 + 1"), TimeSpan.FromMinutes(1));
        AssertValue("2", after);
        Assert.NotEqual(firstProcess, engine.Current!.ProcessId);
        Assert.Equal(firstProcess, Assert.Single(replacements).OldProcessId);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(firstProcess));
        var lost = await engine.SendAsync(Cell("kept"), TimeSpan.FromMinutes(1));
        Assert.False(lost.Succeeded);
    }

    [Fact]
    public async Task A_cell_that_ends_its_engine_process_is_told_and_the_next_cell_runs_in_a_new_one()
    {
        await using var engine = await SupervisedEngine.StartAsync(new DirectoryInfo(_folder.Path));
        var crashed = await engine.SendAsync(Cell("System.Environment.Exit(3);"), TimeSpan.FromMinutes(1));
        Assert.Equal(EngineOutcome.Exited, crashed.Outcome);
        Assert.True(crashed.EngineReplaced);
        Assert.Contains("exit code 3", crashed.Detail);
        AssertValue("2", (await engine.SendAsync(Cell("1 + 1"), TimeSpan.FromMinutes(1))));
        Assert.Equal(1, engine.Generation);
    }
}
