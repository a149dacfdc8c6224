using System.Text.Json.Nodes;
using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Tests;

/// <summary>
/// Issue 15, item 5: every exercise has a worked solution the reader opens on purpose, the checks
/// never print what they check, and each solution, put into its exercise, makes its check pass.
/// </summary>
public sealed class ExerciseTests
{
    public static TheoryData<string> Chapters() => Site.ChapterSite.Chapters();

    private static JsonObject Committed(string chapter) => NotebookJson.Read(Path.Combine(Repository.Notebooks, chapter));

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Every_exercise_has_an_answer_cell_a_check_and_after_it_a_folded_worked_solution(string chapter)
    {
        var notebook = Committed(chapter);
        var cells = notebook["cells"]!.AsArray();
        var exercises = Exercises.Of(notebook);

        Assert.Equal(3, exercises.Count);
        foreach (var exercise in exercises)
        {
            var name = $"{chapter} exercise {exercise.Number}";
            Assert.True(exercise.Statement < exercise.Answer && exercise.Answer < exercise.Check && exercise.Check < exercise.Solution,
                $"{name}: expected statement, answer, check, solution in that order, found cells {exercise.Statement}, {exercise.Answer}, {exercise.Check}, {exercise.Solution}");
            Assert.Equal("markdown", cells[exercise.Statement]!["cell_type"]!.GetValue<string>());
            Assert.Equal("code", cells[exercise.Answer]!["cell_type"]!.GetValue<string>());
            Assert.Equal("code", cells[exercise.Check]!["cell_type"]!.GetValue<string>());
            // Markdown, so running every cell never runs it.
            Assert.Equal("markdown", cells[exercise.Solution]!["cell_type"]!.GetValue<string>());

            var solution = Exercises.Source(cells[exercise.Solution]);
            Assert.StartsWith(Exercises.SolutionOpening + exercise.Number + "</summary>\n\n", solution);
            Assert.EndsWith("\n\n</details>", solution);
            Assert.DoesNotContain(" open", solution.Split('\n')[0]);
            var code = Exercises.SolutionCode(solution);
            Assert.NotEqual(Exercises.Source(cells[exercise.Answer]).Trim(), code.Trim());
            // The reasoning, not only the value: a few sentences besides the code.
            var prose = Exercises.SolutionProse(solution);
            Assert.True(prose.Length >= 250, $"{name}: the solution's prose is {prose.Length} characters: \"{prose}\"");
        }
        // The statement's heading (or bold title) names the exercise by the number its solution uses.
        foreach (var exercise in exercises)
            Assert.Contains($"Exercise {exercise.Number}", Exercises.Source(cells[exercise.Statement]));
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task Each_solution_put_into_its_answer_cell_makes_its_check_say_Correct(string chapter)
    {
        var run = await SolutionRuns.Of(chapter);
        Assert.True(run.Result.Succeeded, run.Result.Failure?.Message);
        var cells = run.Result.Notebook["cells"]!.AsArray();

        foreach (var exercise in run.Exercises)
        {
            var said = Exercises.OutputText(cells[exercise.Check]);
            Assert.True(said.Contains("Correct", StringComparison.Ordinal) && !said.Contains("Not yet", StringComparison.Ordinal),
                $"{chapter} exercise {exercise.Number}, with its solution, says:\n{said}");
            Assert.NotEmpty(run.Values(exercise.Number));
        }
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task With_the_committed_answers_every_check_says_Not_yet_and_shows_none_of_the_values_it_checks(string chapter)
    {
        var committed = await ChapterRuns.Of(chapter);
        Assert.True(committed.Succeeded, committed.Failure?.Message);
        var solved = await SolutionRuns.Of(chapter);
        var cells = committed.Notebook["cells"]!.AsArray();
        var exercises = Exercises.Of(committed.Notebook);

        Assert.Equal(solved.Exercises.Count, exercises.Count);
        foreach (var exercise in exercises)
        {
            var name = $"{chapter} exercise {exercise.Number}";
            var said = Exercises.OutputText(cells[exercise.Check]);
            Assert.True(said.Contains("Not yet", StringComparison.Ordinal) && !said.Contains("Correct", StringComparison.Ordinal), $"{name} says:\n{said}");
            var values = solved.Values(exercise.Number);
            var shown = Exercises.Showing(said, values);
            Assert.True(shown.Count == 0, $"{name} gives its answer away: {string.Join("; ", shown)} in\n{said}");
        }
    }

    // The value matcher above, on the kinds of output the checks printed before they were fixed.

    [Theory]
    [InlineData("Not yet: at g = 62.6, a = 1.9: yours 0, slope -60.7.", -60.7)]                       // the slope itself
    [InlineData("Not yet: 0.000000 is 0.076585 away from the finite difference.", 0.0765848206518)]   // one subtraction from it
    [InlineData("gradient descent moves it to 0.8999.", 0.899891740585)]
    [InlineData("Not yet: right size, wrong sign: 60.7, not -60.7", 60.7)]
    [InlineData("Correct: every output is f(0) = 0.5.", 0.5)]
    public void The_matcher_finds_a_checked_value_however_the_check_rounded_it(string text, double value)
    {
        Assert.NotEmpty(Exercises.Showing(text, [value]));
    }

    [Theory]
    [InlineData("Not yet: your activation 0.0 °F is off. Multiply the input by w1, then add w2.", 65)]
    [InlineData("Not yet: at 50 % written the network says 19.5 %, too low.", 63)]
    [InlineData("Not yet (gradient): one link of the chain is w5 times something.", 5)]
    [InlineData("the factor is -1.0592", 0.0384615)]
    [InlineData("Not yet (output): every neuron's weighted sum is 0. What is f(0)?", 0)]
    [InlineData("Not yet: look at what it saw during training (section 4).", -4)]
    public void The_matcher_leaves_other_numbers_alone(string text, double value)
    {
        Assert.Empty(Exercises.Showing(text, [value]));
    }
}
