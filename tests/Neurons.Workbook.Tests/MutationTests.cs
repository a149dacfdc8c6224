using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Running;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Neurons.Workbook.Tests;

/// <summary>
/// The way trusted tools are tested: the real chapters, mutated at random from a fixed seed (JSON
/// edits of their structure and of their bytes), fed to check, clean and run. Each must end with success
/// or a clear error naming the notebook, never an unhandled exception, and never change a file it
/// was not asked to change; clean's result must be the input with only outputs, counts and kernel
/// metadata changed. A failing case prints its number, which alone reproduces it.
/// The run test keeps both cores busy with engines, and its time is part of what it promises (the
/// issue's 90 s), so the class runs alone, after the tests that run in parallel.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class MutationTests : IDisposable
{
    private const int Seed = 13;
    private const int Cases = 500;
    private const string Name = "mutated.ipynb";
    private const int RunCasesFrom = 1000, RunCaseCount = 100, RunWorkers = 3;
    private static readonly TimeSpan RunCellLimit = TimeSpan.FromSeconds(1);

    private static readonly byte[][] Chapters =
        [.. Directory.GetFiles(Repository.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    private readonly Workplace _place = new();
    private readonly ITestOutputHelper _output;

    public MutationTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _place.Dispose();

    /// <summary>
    /// A repository folder holding the mutant, a notebook clean would change if it touched it, and
    /// a file of the user's beside them.
    /// </summary>
    private sealed class Workplace : IDisposable
    {
        private readonly TestFolder _folder = new();
        private readonly string _canary;
        private readonly byte[] _canaryBytes;
        private readonly string _notes;

        public Workplace()
        {
            _folder.WriteFile(Workspace.SolutionFile, "");
            Notebook = System.IO.Path.Combine(_folder.Path, "notebooks", Name);
            var dirty = JsonNode.Parse(Chapters[0])!.AsObject();
            foreach (var cell in dirty["cells"]!.AsArray().OfType<JsonObject>().Where(c => NotebookJson.CellType(c) == "code"))
            {
                cell["execution_count"] = 1;
                cell["outputs"] = new JsonArray(new JsonObject { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = "x" });
            }
            _canary = _folder.WriteFile("notebooks/canary.ipynb", NotebookJson.Serialize(dirty));
            _canaryBytes = File.ReadAllBytes(_canary);
            _notes = _folder.WriteFile("notebooks/notes.txt", "the teacher's own");
        }

        public string Path => _folder.Path;

        public string Notebook { get; }

        public void AssertOthersUnchanged(string why)
        {
            Assert.True(_canaryBytes.SequenceEqual(File.ReadAllBytes(_canary)), $"{why}\nthe other notebook changed");
            Assert.Equal("the teacher's own", File.ReadAllText(_notes));
            var files = Directory.GetFiles(System.IO.Path.Combine(_folder.Path, "notebooks"), "*", new EnumerationOptions { AttributesToSkip = 0 })
                .Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal);
            Assert.True(files.SequenceEqual(["canary.ipynb", Name, "notes.txt"]), $"{why}\nfiles now: {string.Join(", ", files)}");
        }

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public void Check_ends_in_success_or_a_clear_error_on_500_mutated_chapters_and_writes_nothing()
    {
        for (var i = 0; i < Cases; i++)
        {
            var (bytes, mutations) = Mutate(i);
            File.WriteAllBytes(_place.Notebook, bytes);
            var output = new StringWriter();
            var errors = new StringWriter();
            int exit;
            try
            {
                exit = CheckCommand.Execute(_place.Path, [_place.Notebook], output, errors);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{Describe(i, mutations)}: check threw {e}");
            }
            var why = $"{Describe(i, mutations)}\nexit {exit}\nout: {output}\nerr: {errors}";
            Assert.True(exit is 0 or 1, why);
            Assert.True(exit == 0 == (errors.ToString().Length == 0), why);
            Assert.All(Lines(errors), line => Assert.True(line.StartsWith(Name, StringComparison.Ordinal), why));
            Assert.True(bytes.SequenceEqual(File.ReadAllBytes(_place.Notebook)), $"{why}\ncheck changed the notebook");
            _place.AssertOthersUnchanged(why);
        }
    }

    [Fact]
    public void Clean_ends_in_success_or_a_clear_error_on_500_mutated_chapters_and_changes_only_what_it_cleans()
    {
        var cleaned = 0;
        for (var i = 0; i < Cases; i++)
        {
            var (bytes, mutations) = Mutate(i);
            File.WriteAllBytes(_place.Notebook, bytes);
            // Every tenth case read-only (clean must refuse it if it has work), every tenth named through a link.
            var readOnly = i % 10 == 7;
            var viaLink = i % 10 == 3;
            if (readOnly) File.SetAttributes(_place.Notebook, FileAttributes.ReadOnly);
            var link = Path.Combine(_place.Path, "link.ipynb");
            if (viaLink) File.CreateSymbolicLink(link, _place.Notebook);
            var output = new StringWriter();
            var errors = new StringWriter();
            int exit;
            try
            {
                exit = CleanCommand.Execute(_place.Path, [viaLink ? link : _place.Notebook], output, errors);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{Describe(i, mutations)}: clean threw {e}");
            }
            finally
            {
                if (readOnly) File.SetAttributes(_place.Notebook, FileAttributes.Normal);
            }
            var why = $"{Describe(i, mutations)}{(readOnly ? ", read-only" : "")}{(viaLink ? ", through a link" : "")}\nexit {exit}\nout: {output}\nerr: {errors}";
            var after = File.ReadAllBytes(_place.Notebook);
            if (viaLink)
            {
                Assert.True(new FileInfo(link).LinkTarget == _place.Notebook, $"{why}\nthe link was replaced");
                File.Delete(link);
            }
            var shown = viaLink ? "link.ipynb" : Name;
            _place.AssertOthersUnchanged(why);
            if (exit == 1)
            {
                Assert.StartsWith($"{shown}: ", errors.ToString());
                Assert.True(bytes.SequenceEqual(after), $"{why}\na refused clean changed the notebook");
                continue;
            }
            Assert.True(exit == 0 && errors.ToString().Length == 0, why);
            var expected = Cleaned(NotebookJson.Parse(NotebookJson.Decode(bytes, Name), Name));
            var actual = NotebookJson.Parse(NotebookJson.Decode(after, Name), Name);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{why}\nthe cleaned notebook differs from the input with outputs, counts and kernel metadata cleaned");
            if (bytes.SequenceEqual(after))
            {
                Assert.Equal($"{shown}: already clean\n", output.ToString().ReplaceLineEndings("\n"));
                continue;
            }
            Assert.False(readOnly, $"{why}\nclean wrote a read-only notebook");
            cleaned++;
            // Cleaning again finds nothing to do and writes nothing.
            var again = new StringWriter();
            Assert.Equal(0, CleanCommand.Execute(_place.Path, [_place.Notebook], again, TextWriter.Null));
            Assert.Equal($"{Name}: already clean\n", again.ToString().ReplaceLineEndings("\n"));
            Assert.True(after.SequenceEqual(File.ReadAllBytes(_place.Notebook)), why);
        }
        // The mutations add outputs often enough that clean has real work in many cases.
        Assert.InRange(cleaned, Cases / 10, Cases);
    }

    [Fact]
    public async Task Run_ends_in_success_or_a_clear_error_on_100_mutated_chapters_and_writes_nothing()
    {
        // The runner that run and export call. Each mutant that is still a runnable notebook starts
        // an engine process of its own, as every run does; a cell may take at most RunCellLimit, so
        // one that keeps the chapter's setup cell (a package restore) ends with a clear timeout.
        // Most of a mutant's time is its engine starting or waiting out that limit, so RunWorkers
        // mutants run at once, each in a folder of its own.
        var watch = Stopwatch.StartNew();
        var engines = 0;
        var kinds = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var places = Enumerable.Range(0, RunWorkers).Select(_ => new Workplace()).ToArray();
        try
        {
            // Worker w takes every RunWorkers-th case from RunCasesFrom + w, in its own folder.
            await Task.WhenAll(places.Select(async (place, w) =>
            {
                for (var i = RunCasesFrom + w; i < RunCasesFrom + RunCaseCount; i += RunWorkers)
                {
                    var (bytes, mutations) = Mutate(i);
                    File.WriteAllBytes(place.Notebook, bytes);
                    RunResult result;
                    try
                    {
                        result = await NotebookRunner.RunAsync(place.Notebook, new RunOptions { CellTimeout = RunCellLimit });
                    }
                    catch (Exception e)
                    {
                        throw new Xunit.Sdk.XunitException($"{Describe(i, mutations)}: run threw {e}");
                    }
                    var why = $"{Describe(i, mutations)}\nfailure: {result.Failure?.Message}";
                    if (result.Cells.Count > 0) Interlocked.Increment(ref engines);
                    kinds.AddOrUpdate(result.Failure?.Kind.ToString() ?? "ok", 1, (_, n) => n + 1);
                    if (result.Failure is { } failure)
                    {
                        Assert.True(failure.Message.StartsWith(Name + ":", StringComparison.Ordinal) || failure.Message.StartsWith(Name + ", cell ", StringComparison.Ordinal), why);
                        Assert.False(string.IsNullOrWhiteSpace(failure.Detail), why);
                        Assert.DoesNotContain("   at ", failure.Detail);
                        Assert.False(result.Succeeded, why);
                    }
                    else
                    {
                        Assert.True(result.Succeeded, why);
                    }
                    Assert.True(bytes.SequenceEqual(File.ReadAllBytes(place.Notebook)), $"{why}\nrun changed the notebook");
                    place.AssertOthersUnchanged(why);
                }
            }));
        }
        finally
        {
            foreach (var place in places) place.Dispose();
        }
        // Enough mutants stay runnable notebooks that the engine is part of what is tried.
        Assert.InRange(engines, RunCaseCount / 4, RunCaseCount);
        _output.WriteLine($"{RunCaseCount} mutants, {RunWorkers} at a time, {engines} reached an engine, {watch.Elapsed.TotalSeconds:0.0} s; {string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))}");
    }

    /// <summary>The oracle for clean: the parsed input with code cells' outputs emptied, counts nulled, kernel metadata restored.</summary>
    private static JsonObject Cleaned(JsonObject notebook)
    {
        var copy = notebook.DeepClone().AsObject();
        if (copy["cells"] is JsonArray cells)
        {
            foreach (var cell in cells.OfType<JsonObject>().Where(c => NotebookJson.CellType(c) == "code"))
            {
                if (cell["outputs"] is JsonArray { Count: > 0 }) cell["outputs"] = new JsonArray();
                if (cell.ContainsKey("execution_count")) cell["execution_count"] = null;
            }
        }
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var (key, value) in KernelMetadata.ToRestore(metadata)) metadata[key] = value.DeepClone();
        }
        return copy;
    }

    private static IEnumerable<string> Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    private static string Describe(int i, List<string> mutations) =>
        $"case {i} (seed {Seed}; Mutate({i}) alone reproduces it): {string.Join("; ", mutations)}";

    /// <summary>Case <paramref name="i"/>: a chapter with one to three random edits, and what they were.</summary>
    internal static (byte[] Bytes, List<string> Mutations) Mutate(int i)
    {
        var random = new Random(Seed * 100_003 + i);
        var chapter = random.Next(Chapters.Length);
        var mutations = new List<string> { $"chapter {chapter + 1}" };
        var notebook = JsonNode.Parse(Chapters[chapter])!.AsObject();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++) mutations.Add(EditTree(notebook, random));

        var style = random.Next(4);
        var text = style switch
        {
            0 => NotebookJson.Serialize(notebook),
            1 => NotebookJson.Serialize(notebook, trailingNewline: false, indent: 2).Replace("\n", "\r\n"),
            2 => notebook.ToJsonString(Deeply),
            _ => notebook.ToJsonString(new JsonSerializerOptions(Deeply) { WriteIndented = true }),
        };
        mutations.Add(style switch { 0 => "as VS Code writes", 1 => "CRLF, indent 2", 2 => "compact, escaped", _ => "indented, escaped" });
        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(4) == 0)
        {
            (bytes, var what) = EditBytes(bytes, random);
            mutations.Add(what);
        }
        return (bytes, mutations);
    }

    private static readonly string[] Keys =
        ["cells", "metadata", "nbformat", "nbformat_minor", "cell_type", "source", "outputs", "execution_count", "id", "kernelspec", "language_info", "polyglot_place.Notebook", "kernelName", "name", "text", "output_type", "data"];

    private static JsonNode? RandomValue(Random random) => random.Next(14) switch
    {
        0 => null,
        1 => true,
        2 => 0,
        3 => -1.5e308,
        4 => "",
        5 => "x\u0000y\u001b[31m\ud800",
        6 => new JsonArray(),
        7 => new JsonObject(),
        8 => new JsonArray("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n", 7),
        9 => new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "1\n" }),
        10 => new JsonObject { ["name"] = "C#", ["version"] = "13.0", ["mimetype"] = "text/x-csharp" },
        11 => "#!fsharp\n#r \"../nowhere.dll\"\n#i \"nuget: https://example.com\"\n#!time",
        12 => Deep(random.Next(1, 300)),
        _ => long.MaxValue,
    };

    private static JsonNode Deep(int depth)
    {
        JsonNode node = new JsonArray();
        for (var d = 0; d < depth; d++) node = d % 2 == 0 ? new JsonArray(node) : new JsonObject { ["k"] = node };
        return node;
    }

    /// <summary>One edit of the tree: a value replaced, a key removed or added, a cell's type, outputs or count changed, cells moved.</summary>
    private static string EditTree(JsonObject notebook, Random random)
    {
        var cells = notebook["cells"] as JsonArray;
        var cell = cells is { Count: > 0 } ? cells[random.Next(cells.Count)] as JsonObject : null;
        switch (random.Next(10))
        {
            case 0 or 1 when cell is not null && NotebookJson.CellType(cell) == "code":
                cell["outputs"] = new JsonArray(
                    new JsonObject { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = new JsonArray("w = 0.5\n") },
                    new JsonObject { ["data"] = new JsonObject { ["text/plain"] = "42" }, ["execution_count"] = 3, ["metadata"] = new JsonObject(), ["output_type"] = "execute_result" });
                cell["execution_count"] = random.Next(1, 100);
                return $"outputs and a count on cell {cells!.IndexOf(cell) + 1}";
            case 2 when cell is not null:
                var type = random.Next(6) switch { 0 => "code", 1 => "markdown", 2 => "raw", 3 => "heading", 4 => "", _ => null };
                cell["cell_type"] = type is null ? JsonValue.Create(7) : JsonValue.Create(type);
                return $"cell {cells!.IndexOf(cell) + 1} cell_type {Short(cell["cell_type"])}";
            case 3 when notebook["metadata"] is JsonObject metadata:
                var key = random.Next(2) == 0 ? "kernelspec" : "language_info";
                metadata[key] = RandomValue(random);
                return $"metadata.{key} = {Short(metadata[key])}";
            case 4 when cells is { Count: > 1 }:
                var from = random.Next(cells.Count);
                var copy = cells[from]?.DeepClone();
                cells.Insert(random.Next(cells.Count), copy);
                return $"cell {from + 1} copied";
            default:
                var (parent, where) = RandomContainer(notebook, random);
                switch (parent)
                {
                    case JsonObject obj when obj.Count > 0 && random.Next(3) == 0:
                        var removed = obj.ElementAt(random.Next(obj.Count)).Key;
                        obj.Remove(removed);
                        return $"{where}: removed \"{removed}\"";
                    case JsonObject obj:
                        var added = Keys[random.Next(Keys.Length)];
                        obj[added] = RandomValue(random);
                        return $"{where}.{added} = {Short(obj[added])}";
                    case JsonArray array when array.Count > 0 && random.Next(3) == 0:
                        var index = random.Next(array.Count);
                        array.RemoveAt(index);
                        return $"{where}: removed [{index}]";
                    case JsonArray array:
                        var at = random.Next(array.Count + 1);
                        var value = RandomValue(random);
                        if (at < array.Count && random.Next(2) == 0) array[at] = value;
                        else array.Insert(at, value);
                        return $"{where}[{at}] = {Short(value)}";
                    default:
                        return "nothing";
                }
        }
    }

    private static readonly JsonSerializerOptions Deeply = new() { MaxDepth = 1024 };

    private static string Short(JsonNode? node) => node?.ToJsonString(Deeply) is { } s ? s.Length <= 40 ? s : s[..40] + "…" : "null";

    /// <summary>An object or array anywhere in the tree, reached by a random walk from the root, and its path.</summary>
    private static (JsonNode Node, string Path) RandomContainer(JsonObject root, Random random)
    {
        JsonNode node = root;
        var path = "$";
        while (random.Next(4) != 0)
        {
            var children = node switch
            {
                JsonObject o => o.Where(p => p.Value is JsonObject or JsonArray).Select(p => (p.Value!, $"{path}.{p.Key}")).ToList(),
                JsonArray a => a.Select((v, k) => (v, $"{path}[{k}]")).Where(c => c.v is JsonObject or JsonArray).Select(c => (c.v!, c.Item2)).ToList(),
                _ => [],
            };
            if (children.Count == 0) break;
            (node, path) = children[random.Next(children.Count)];
        }
        return (node, path);
    }

    /// <summary>One edit of the bytes: a key twice, cut short, bytes that are not UTF-8, a stretch deleted, a BOM.</summary>
    private static (byte[] Bytes, string What) EditBytes(byte[] bytes, Random random)
    {
        var at = random.Next(bytes.Length);
        switch (random.Next(5))
        {
            case 0:
                var brace = Array.IndexOf(bytes, (byte)'{');
                return ([.. bytes[..(brace + 1)], .. "\"cells\": [],"u8.ToArray(), .. bytes[(brace + 1)..]], "\"cells\" twice");
            case 1:
                return (bytes[..at], $"cut at byte {at}");
            case 2:
                byte[] bad = random.Next(3) switch { 0 => [0xFF], 1 => [0xC3, 0x28], _ => [0xED, 0xA0, 0x80] };
                return ([.. bytes[..at], .. bad, .. bytes[at..]], $"{Convert.ToHexString(bad)} at byte {at}");
            case 3:
                var length = random.Next(1, 200);
                return ([.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + length)..]], $"{length} bytes deleted at {at}");
            default:
                return ([0xEF, 0xBB, 0xBF, .. bytes], "a byte order mark");
        }
    }
}

/// <summary>Test classes that must have the machine to themselves: xunit runs them one at a time, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
