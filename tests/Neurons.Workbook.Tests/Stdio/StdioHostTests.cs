using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Neurons.Workbook.Tests.Stdio;

/// <summary>The stdio host where the real tool has nothing to compare with: its command line, a cell that never yields, magics.</summary>
public sealed partial class StdioHostTests
{
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Cell = TimeSpan.FromMinutes(2);

    private static string HostDll => Path.Combine(Repository.Root, "artifacts", "bin", "Neurons.Workbook", "debug", "Neurons.Workbook.dll");

    [Fact]
    public async Task A_cell_that_never_yields_or_ends_its_engine_fails_saying_the_state_is_lost_and_the_next_cell_runs_in_a_new_engine()
    {
        using var storage = new TestFolder();
        var (commandLine, cwd) = PolyglotSettings.KernelProcess(Path.Combine(Repository.Root, "notebooks"), storage.Path);
        await using var host = await StdioSession.StartAsync("ours", commandLine, cwd, Start);
        var first = EnginePid(host, "runs the cells");

        Assert.IsType<CommandSucceeded>((await host.RunAsync(host.Command(new SubmitCode("var kept = 41;", "csharp")), Cell)).Last().Event);
        var loop = host.Command(new SubmitCode("Console.WriteLine(\"looping\");\nwhile (true) { }", "csharp"));
        host.Send(loop);
        await host.WaitForAsync(e => e.Token == loop.GetOrCreateToken() && e.Event is StandardOutputValueProduced, Cell, "the loop to start");
        var cancel = await host.RunAsync(host.Command(new Cancel()), Cell);
        var failed = Assert.IsType<CommandFailed>((await host.EventsOfAsync(loop.GetOrCreateToken(), Cell)).Last().Event);

        Assert.IsType<CommandSucceeded>(cancel.Last().Event);
        Assert.StartsWith("Command cancelled. The cell did not stop (it never yields), so its engine process was replaced: every variable", failed.Message);
        // The next cell runs, in a new engine without the old one's variables.
        var lost = Assert.IsType<CommandFailed>((await host.RunAsync(host.Command(new SubmitCode("kept + 1", "csharp")), Cell)).Last().Event);
        Assert.Contains("error CS0103: The name 'kept' does not exist", lost.Message);
        var next = await host.RunAsync(host.Command(new SubmitCode("1 + 2", "csharp")), Cell);
        Assert.Contains("<pre>3</pre>", next.Select(e => e.Event).OfType<ReturnValueProduced>().Single().FormattedValues.Single(v => v.MimeType == "text/html").Value);
        Assert.Contains($"note: engine process {first} was replaced", host.StandardError);
        Assert.True(Exited(first), $"the replaced engine process {first} is still running");

        // A cell that ends its engine process is that cell's failure; the next cell gets a new engine.
        var ended = Assert.IsType<CommandFailed>((await host.RunAsync(host.Command(new SubmitCode("Environment.Exit(3);", "csharp")), Cell)).Last().Event);
        Assert.Contains("ended with exit code 3", ended.Message);
        Assert.Contains("a new engine process was started and the state was lost", ended.Message);
        var after = await host.RunAsync(host.Command(new SubmitCode("1 + 3", "csharp")), Cell);
        Assert.Contains("<pre>4</pre>", after.Select(e => e.Event).OfType<ReturnValueProduced>().Single().FormattedValues.Single(v => v.MimeType == "text/html").Value);
        Assert.Empty(host.NotEnvelopes);
    }

    [Fact]
    public async Task The_host_takes_the_real_tools_stdio_options_runs_magics_and_leaves_no_process_behind()
    {
        using var folder = new TestFolder();
        string[] commandLine =
        [
            PolyglotSettings.DotnetPath, HostDll, "[vscode]", "stdio", "--working-dir", folder.Path, "--kernel-host", "workbook-test",
            "--default-kernel", "csharp", "--http-port", "8080", "--preview", "--log-path", folder.Path, "--verbose",
        ];
        var host = await StdioSession.StartAsync("ours", commandLine, folder.Path, Start);
        int engine;
        try
        {
            Assert.Equal(new Uri("kernel://workbook-test/csharp"), host.CSharpUri);
            Assert.Contains("note: --http-port/--http-port-range ignored: this host serves no HTTP API, only stdio", host.StandardError);
            Assert.Contains($"note: --log-path {folder.Path} ignored", host.StandardError);
            engine = EnginePid(host, "runs the cells");

            // A magic reaches the engine as written; the kernel describes itself at this host's address; cells run in --working-dir.
            var timed = await host.RunAsync(host.Command(new SubmitCode("#!time\nSystem.IO.Directory.GetCurrentDirectory()", "csharp")), Cell);
            Assert.IsType<CommandSucceeded>(timed.Last().Event);
            Assert.Contains(timed.SelectMany(e => e.FormattedValues), v => v.Value.StartsWith("Wall time:", StringComparison.Ordinal));
            Assert.Contains(timed.Select(e => e.Event).OfType<ReturnValueProduced>().Single().FormattedValues, v => v.Value.Contains(folder.Path, StringComparison.Ordinal));
            var info = await host.RunAsync(host.Command(new RequestKernelInfo("csharp")), Cell);
            var produced = Assert.Single(info.Select(e => e.Event).OfType<KernelInfoProduced>());
            Assert.Equal(new Uri("kernel://workbook-test/csharp"), produced.KernelInfo.Uri);
            Assert.Empty(host.NotEnvelopes);

            // The extension closing the notebook closes stdin: the host and its engine end.
            host.CloseInput();
            await host.Exited.WaitAsync(Start);
        }
        finally
        {
            await host.DisposeAsync();
        }
        for (var i = 0; i < 100 && !Exited(engine); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(Exited(engine), $"the engine process {engine} outlived its host");
    }

    private static int EnginePid(StdioSession host, string what)
    {
        // The note is written before kernel-ready; stderr is read on its own thread.
        var match = EngineNote().Match(host.StandardError);
        for (var i = 0; i < 50 && !match.Success; i++)
        {
            Thread.Sleep(100);
            match = EngineNote().Match(host.StandardError);
        }
        Assert.True(match.Success, $"the host's stderr names no engine process that {what}:\n{host.StandardError}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool Exited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"note: engine process (\d+) runs the cells")]
    private static partial Regex EngineNote();
}
