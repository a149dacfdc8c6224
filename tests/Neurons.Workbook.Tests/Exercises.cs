using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Running;

namespace Neurons.Workbook.Tests;

/// <summary>
/// One exercise of a chapter, found by the tags its cells carry: its statement (markdown,
/// "exercise"), the cell the reader answers in ("answer"), the cell that checks the answer
/// ("check") and the worked solution (markdown, "solution"). Indexes count every cell from 0.
/// </summary>
public sealed record Exercise(int Number, int Statement, int Answer, int Check, int Solution);

public static partial class Exercises
{
    public const string SolutionOpening = "<details class=\"solution\"><summary>Solution to exercise ";

    public static IReadOnlyList<string> Tags(JsonNode? cell) =>
        cell?["metadata"]?["tags"] is JsonArray tags ? tags.Select(t => t!.GetValue<string>()).ToList() : [];

    public static string Source(JsonNode? cell) => cell!["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        var text => text!.GetValue<string>(),
    };

    /// <summary>
    /// The exercises, in order: each "exercise" cell with the first "answer", "check" and
    /// "solution" cells after it and before the next exercise; -1 where one of them is missing.
    /// </summary>
    public static IReadOnlyList<Exercise> Of(JsonObject notebook)
    {
        var cells = notebook["cells"]!.AsArray();
        var starts = Enumerable.Range(0, cells.Count).Where(i => Tags(cells[i]).Contains("exercise")).ToList();
        var exercises = new List<Exercise>();
        for (var e = 0; e < starts.Count; e++)
        {
            var end = e + 1 < starts.Count ? starts[e + 1] : cells.Count;
            int First(string tag) => Enumerable.Range(starts[e], end - starts[e]).Where(i => Tags(cells[i]).Contains(tag)).DefaultIfEmpty(-1).First();
            exercises.Add(new Exercise(e + 1, starts[e], First("answer"), First("check"), First("solution")));
        }
        return exercises;
    }

    /// <summary>The code of a solution: the one ```csharp fence in its markdown.</summary>
    public static string SolutionCode(string solutionMarkdown)
    {
        var fences = Fence().Matches(solutionMarkdown);
        if (fences.Count != 1) throw new InvalidDataException($"a solution should hold one csharp fence, found {fences.Count}");
        return fences[0].Groups["code"].Value.TrimEnd('\n');
    }

    /// <summary>The solution's markdown without its fence, its summary line and its closing tag: the worked reasoning.</summary>
    public static string SolutionProse(string solutionMarkdown)
    {
        var prose = Fence().Replace(solutionMarkdown, "");
        prose = Regex.Replace(prose, "^<details[^\\n]*\\n", "");
        return prose.Replace("</details>", "").Trim();
    }

    /// <summary>What a cell's outputs say, as text: console writes, and returned values as their text.</summary>
    public static string OutputText(JsonNode? cell) => string.Concat((cell!["outputs"] as JsonArray ?? []).OfType<JsonObject>().Select(o =>
        o["output_type"]!.GetValue<string>() switch
        {
            "stream" => Source(new JsonObject { ["source"] = o["text"]!.DeepClone() }),
            "error" => $"{o["ename"]}: {o["evalue"]}\n",
            _ => (o["data"]?["text/plain"]?.GetValue<string>() ?? VisibleText.Of(o["data"]?["text/html"]?.GetValue<string>() ?? "")) + "\n",
        }));

    /// <summary>
    /// The numbers in <paramref name="text"/> that show one of <paramref name="values"/>, with or
    /// without its sign, as a check would print it: a number of two or more significant digits
    /// that is the value rounded to the number's decimals, or a one-digit decimal (0.5) equal to a
    /// value. A one-digit whole number is never counted ("section 4", "the 2 of the square"), nor
    /// is zero: they are in every hint.
    /// </summary>
    public static IReadOnlyList<string> Showing(string text, IEnumerable<double> values)
    {
        var found = new List<string>();
        var wanted = values.Where(v => v != 0 && double.IsFinite(v)).ToList();
        foreach (Match number in Number().Matches(text))
        {
            var shown = number.Value.Replace('−', '-');
            var magnitude = Math.Abs(double.Parse(shown, CultureInfo.InvariantCulture));
            var significant = shown.TrimStart('-').Replace(".", "").TrimStart('0').Length;
            var decimals = shown.Contains('.') ? shown.Length - shown.IndexOf('.') - 1 : 0;
            foreach (var value in wanted)
            {
                var matches = significant >= 2
                    ? Math.Abs(magnitude - Math.Abs(value)) <= 0.5 * Math.Pow(10, -decimals) * (1 + 1e-9)
                    : shown.Contains('.') && magnitude == Math.Abs(value);
                if (matches) found.Add($"\"{number.Value}\" shows {value.ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
        return found;
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"(?<![\w.])[-−]?\d+(?:\.\d+)?(?![\w])")]
    private static partial Regex Number();
}

/// <summary>
/// Each chapter run once per test run with every answer cell replaced by its solution's code,
/// and shared by the tests that read it. After each check cell the copy has a probe cell that
/// prints the values the check checks (<see cref="Checked"/>), computed in the chapter's own
/// kernel from the solution and the check's variables.
/// </summary>
public static class SolutionRuns
{
    /// <summary>
    /// For each chapter (by its number) and each of its exercises, a C# expression for the values
    /// the check checks: what the reader must find, and what the check computes to compare it with.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Checked = new Dictionary<string, string[]>
    {
        ["01"] = ["[ex1Activation, ex1Error]", "[measuredSlope]", "[myLearningRate]"],
        ["02"] =
        [
            "ex1Points.Select(p => GradientCheck.Central(x => HalfSquared(p.Goal, x), p.A))",
            "new (double G, double A)[] { (62.6, 1.9), (41, 40.9), (14, 20) }.SelectMany(p => new[] { yourError.Error(p.G, p.A), yourError.Derivative(p.G, p.A) })",
            "[plainAbsolute.W1, plainAbsolute.W2, flippedAbsolute.W1, flippedAbsolute.W2]",
        ],
        ["03"] = ["[numericW5]", "graceShifted", "[zeroOutputs.First(), zeroGradientW1]"],
        ["04"] =
        [
            "[w8FiniteDifference]",
            "libraryStep.Concat(libraryStep.Zip(freshWeights, (after, before) => after - before))",
            "[edgeWritten, ruleEdge]",
        ],
        ["05"] = ["[boundAtFiveDegrees]", "[centredEdge]", "[tensRate, 2 / (Curvatures(tens).Largest + Curvatures(tens).Smallest)]"],
    };

    public const string ProbeMark = "checked values:";

    public sealed record Run(RunResult Result, IReadOnlyList<Exercise> Exercises, IReadOnlyList<int> Probes)
    {
        /// <summary>The values exercise <paramref name="number"/>'s check checks, as the probe printed them.</summary>
        public IReadOnlyList<double> Values(int number)
        {
            var text = Tests.Exercises.OutputText(Result.Notebook["cells"]![Probes[number - 1]]);
            var line = text.Split('\n').Single(l => l.StartsWith(ProbeMark, StringComparison.Ordinal));
            return line[ProbeMark.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        }
    }

    private static readonly ConcurrentDictionary<string, Lazy<Task<Run>>> Runs = new(StringComparer.Ordinal);

    /// <summary>The run of notebooks/<paramref name="chapter"/> (a file name) with its solutions in its answer cells.</summary>
    public static Task<Run> Of(string chapter) =>
        Runs.GetOrAdd(chapter, name => new Lazy<Task<Run>>(() => RunAsync(name))).Value;

    private static async Task<Run> RunAsync(string chapter)
    {
        var notebook = NotebookJson.Read(Path.Combine(Repository.Notebooks, chapter));
        var exercises = Exercises.Of(notebook);
        var expressions = Checked[chapter[..2]];
        if (expressions.Length != exercises.Count)
            throw new InvalidOperationException($"{chapter} has {exercises.Count} exercises and SolutionRuns.Checked lists {expressions.Length}");
        var cells = notebook["cells"]!.AsArray();
        var template = cells[exercises[0].Answer]!;
        foreach (var exercise in exercises)
            cells[exercise.Answer]!["source"] = new JsonArray(Exercises.SolutionCode(Exercises.Source(cells[exercise.Solution])));
        // Probes after each check, inserted from the last, so the earlier indexes stay put.
        for (var e = exercises.Count - 1; e >= 0; e--)
        {
            var probe = template.DeepClone().AsObject();
            probe["id"] = $"solution-probe-{e + 1}";
            probe["source"] = new JsonArray($"IEnumerable<double> solutionProbe{e + 1} = {expressions[e]};\n" +
                              $"Console.WriteLine(\"{ProbeMark} \" + string.Join(\" \", solutionProbe{e + 1}.Select(v => v.ToString(\"R\", System.Globalization.CultureInfo.InvariantCulture))));");
            cells.Insert(exercises[e].Check + 1, probe);
        }
        var shifted = exercises.Select((x, e) => x with
        {
            Check = x.Check + e, Solution = x.Solution + e + 1, Answer = x.Answer + e, Statement = x.Statement + e,
        }).ToList();
        var probes = shifted.Select(x => x.Check + 1).ToList();

        // A repository-shaped folder, so the chapter's #r "../artifacts/bin/..." lines find the built libraries.
        var root = Directory.CreateTempSubdirectory("workbook-solutions-").FullName;
        try
        {
            foreach (var project in new[] { "Neurons", "Neurons.Plots" })
            {
                var library = Path.Combine(root, "artifacts", "bin", project, "debug");
                Directory.CreateDirectory(library);
                File.Copy(Path.Combine(Repository.Root, "artifacts", "bin", project, "debug", project + ".dll"), Path.Combine(library, project + ".dll"));
            }
            var copy = Path.Combine(root, "notebooks", chapter);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.WriteAllText(copy, NotebookJson.Serialize(notebook));
            return new Run(await NotebookRunner.RunAsync(copy), shifted, probes);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
