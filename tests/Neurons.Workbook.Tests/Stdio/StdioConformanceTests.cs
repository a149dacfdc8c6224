using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Xunit.Abstractions;

namespace Neurons.Workbook.Tests.Stdio;

/// <summary>
/// The stdio host against the real <c>dotnet-interactive stdio</c> (the tool the Polyglot extension
/// starts by default, pinned in .config/dotnet-tools.json): the same envelopes, addressed as the
/// extension addresses them, to both; for each command the same kinds of events in the same order and
/// the same values, once what differs between any two runs or hosts is set aside (tokens, routing
/// slips, kernel addresses, display ids). VS Code is not on these machines; this is the conversation
/// the extension would have with either.
/// </summary>
public sealed class StdioConformanceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Cell = TimeSpan.FromMinutes(3);
    private const string Chapter = "01-the-smallest-neural-network.ipynb";

    [Fact]
    public async Task Each_command_gets_the_same_events_as_from_the_real_dotnet_interactive()
    {
        var notebooks = Path.Combine(Repository.Root, "notebooks");
        var setup = ChapterCells(Chapter)[0];
        using var storage = new TestFolder();
        var (ours, cwd) = PolyglotSettings.KernelProcess(notebooks, storage.Path);
        string[] realTool = [PolyglotSettings.DotnetPath, "tool", "run", "dotnet-interactive", "--", "[vscode]", "stdio", "--working-dir", notebooks];

        var realStart = StdioSession.StartAsync("real", realTool, Repository.Root, Start);
        var oursStart = StdioSession.StartAsync("ours", ours, cwd, Start);
        await using var real = await realStart;
        await using var workbook = await oursStart;

        // Kernel-ready names a csharp kernel in both (the real tool also lists kernels we do not host).
        Assert.Contains("csharp", real.Ready.KernelInfos.Select(k => k.LocalName));
        Assert.Equal([".NET", "csharp"], workbook.Ready.KernelInfos.Select(k => k.LocalName).ToArray());
        var csharp = workbook.Ready.KernelInfos.Single(k => k.LocalName == "csharp");
        Assert.Equal("C#", csharp.LanguageName);
        Assert.False(csharp.IsProxy);
        Assert.Contains("SubmitCode", csharp.SupportedKernelCommands.Select(c => c.Name));

        var conversations = await Task.WhenAll(ConverseAsync(real, setup), ConverseAsync(workbook, setup));
        var (expected, actual) = (conversations[0], conversations[1]);

        Assert.Equal(expected.Select(s => s.Step), actual.Select(s => s.Step));
        for (var i = 0; i < expected.Count; i++)
        {
            var step = expected[i].Step;
            var realEvents = FinalDisplays(expected[i].Events.Where(e => RealToolOnly(step, e) is null).ToList());
            var ourEvents = FinalDisplays(actual[i].Events);
            output.WriteLine($"{step}: real {string.Join(", ", Kinds(expected[i].Events))}");
            output.WriteLine($"{step}: ours {string.Join(", ", Kinds(actual[i].Events))}");
            Assert.Equal(Kinds(realEvents), Kinds(ourEvents));
            for (var j = 0; j < realEvents.Count; j++)
            {
                Assert.True(Normalise(realEvents[j].Json) == Normalise(ourEvents[j].Json),
                    $"{step}, event {j + 1} ({realEvents[j].Kind}) differs:\nreal: {Normalise(realEvents[j].Json)}\nours: {Normalise(ourEvents[j].Json)}");
            }
        }
        // What the real tool said and we did not: only its FSharp.Core clash, and the announcement of
        // the extension it loads (our engine loads Plotly.NET.Interactive's formatter without one).
        var setAside = expected.SelectMany(s => s.Events.Select(e => RealToolOnly(s.Step, e))).OfType<string>().Distinct().Order().ToArray();
        Assert.Equal(["extension announcement", "FSharp.Core clash"], setAside);

        Assert.Empty(workbook.NotEnvelopes);
        Assert.Empty(real.NotEnvelopes);
    }

    private sealed record Exchange(string Step, IReadOnlyList<Envelope> Events);

    /// <summary>The same conversation with either host, in the same order.</summary>
    private static async Task<List<Exchange>> ConverseAsync(StdioSession host, string setup)
    {
        var exchanges = new List<Exchange>();
        async Task Run(string step, KernelCommand command) => exchanges.Add(new Exchange(step, await host.RunAsync(host.Command(command), Cell)));

        await Run("setup cell", new SubmitCode(setup, "csharp"));
        await Run("expression", new SubmitCode("1 + 1", "csharp"));
        await Run("failing cell", new SubmitCode("var x = 1;\nx.Missing()", "csharp"));
        await Run("completions", new RequestCompletions("Console.Wri", new LinePosition(0, 11), "csharp"));
        await Run("hover", new RequestHoverText("Console.WriteLine(1)", new LinePosition(0, 10), "csharp"));
        await Run("diagnostics", new RequestDiagnostics("int y = \"a\";", "csharp"));

        // A cell that waits, cancelled once it runs; then the kernel runs the next cell.
        var waiting = host.Command(new SubmitCode("Console.WriteLine(\"waiting\");\nawait Task.Delay(60000);\nConsole.WriteLine(\"not cancelled\");", "csharp"));
        host.Send(waiting);
        await host.WaitForAsync(e => e.Token == waiting.GetOrCreateToken() && e.Event is StandardOutputValueProduced, Cell, "the waiting cell to start");
        var cancel = host.Command(new Cancel());
        exchanges.Add(new Exchange("cancel", await host.RunAsync(cancel, Cell)));
        exchanges.Add(new Exchange("cancelled cell", await host.EventsOfAsync(waiting.GetOrCreateToken(), Cell)));
        await Run("after the cancel", new SubmitCode("2 + 3", "csharp"));
        return exchanges;
    }

    /// <summary>Why the real tool's event has no counterpart from ours, or null if it must have one.</summary>
    private static string? RealToolOnly(string step, Envelope e)
    {
        if (step != "setup cell")
        {
            return null;
        }
        var text = string.Concat(e.FormattedValues.Select(v => v.Value));
        return e.Event switch
        {
            StandardOutputValueProduced when text.Contains("older than the 10.1 that Plotly.NET needs", StringComparison.Ordinal) => "FSharp.Core clash",
            DisplayedValueProduced when text.StartsWith("Loading extensions from", StringComparison.Ordinal) => "extension announcement",
            KernelExtensionLoaded => "extension announcement",
            _ => null,
        };
    }

    /// <summary>
    /// Without the updates of a display that a later update replaces: the package restore redraws its
    /// progress on a clock, so how many there are depends on how long the restore took, in either host.
    /// </summary>
    private static List<Envelope> FinalDisplays(IReadOnlyList<Envelope> events) =>
        events.Where((e, i) => e.Event is not DisplayedValueUpdated updated ||
                               !events.Skip(i + 1).Any(later => later.Event is DisplayedValueUpdated l && l.ValueId == updated.ValueId))
              .ToList();

    private static string[] Kinds(IEnumerable<Envelope> events) => events.Select(e => e.Kind).ToArray();

    /// <summary>The envelope without what differs between any two runs or hosts: tokens, routing slips, kernel addresses, display ids.</summary>
    internal static string Normalise(string json)
    {
        var node = JsonNode.Parse(json)!;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var key in new[] { "token", "routingSlip", "originUri", "destinationUri", "valueId" })
                    {
                        o.Remove(key);
                    }
                    foreach (var (key, value) in o.ToList())
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith("kernel://", StringComparison.Ordinal))
                        {
                            o[key] = "kernel://";
                        }
                        else
                        {
                            Strip(value);
                        }
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Strip(item);
                    }
                    break;
            }
        }
    }

    internal static IReadOnlyList<string> ChapterCells(string chapter)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "notebooks", chapter)))!;
        return notebook["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .Select(c => c!["source"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : c["source"]!.GetValue<string>())
            .ToList();
    }
}
