namespace Neurons.Tests;

/// <summary>
/// The generated students of chapter 4 follow their documented rule: three whole-percent grades
/// from 30 to 99, score = 0.2 assignments + 0.5 written + 0.3 oral + N(0, 5²) noise, pass at 65.
/// </summary>
public class StudentsTests
{
    private static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2024)]
    public void Grades_are_whole_percents_from_30_to_99_shown_to_the_network_divided_by_100(int seed)
    {
        var data = Students.Generate(500, seed);
        Assert.Equal(["assignments", "written", "oral"], data.FeatureNames);
        Assert.Equal(3, data.InputCount);
        Assert.All(data.Inputs.SelectMany(x => x), x =>
        {
            var percent = x * 100;
            Assert.InRange(percent, 30 - 1e-9, 99 + 1e-9);
            Assert.Equal(Math.Round(percent), percent, 9);
        });
        Assert.All(data.Goals, y => Assert.True(y is 0 or 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2024)]
    public void Between_20_and_80_percent_of_500_students_pass(int seed)
    {
        var passRate = Students.Generate(500, seed).Goals.Average();
        Assert.InRange(passRate, 0.2, 0.8);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2024)]
    public void The_written_tests_correlate_most_with_passing(int seed)
    {
        var data = Students.Generate(500, seed);
        var r = Enumerable.Range(0, 3).Select(f => Correlation([.. data.Inputs.Select(x => x[f])], data.Goals)).ToArray();
        Assert.True(r[1] > r[0] && r[1] > r[2], $"correlations assignments {r[0]:0.00}, written {r[1]:0.00}, oral {r[2]:0.00}");
        Assert.All(r, c => Assert.True(c > 0, "every grade helps"));
    }

    [Fact]
    public void Passing_follows_the_stated_score_except_within_the_noise()
    {
        var data = Students.Generate(2000, 3);
        var agree = 0;
        for (var s = 0; s < data.Count; s++)
        {
            var g = data.Inputs[s].Select(x => x * 100).ToArray();
            var score = Students.RuleWeights[0] * g[0] + Students.RuleWeights[1] * g[1] + Students.RuleWeights[2] * g[2];
            // Four standard deviations of the noise away from the pass mark the outcome is certain.
            if (score >= Students.PassMark + 4 * Students.NoiseSd) Assert.Equal(1, data.Goals[s]);
            if (score < Students.PassMark - 4 * Students.NoiseSd) Assert.Equal(0, data.Goals[s]);
            if ((score >= Students.PassMark) == (data.Goals[s] == 1)) agree++;
        }
        Assert.InRange(agree / (double)data.Count, 0.8, 0.99);
        Assert.Equal(Students.RuleWeights[1], Students.RuleWeights.Max());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_3_2_1_network_trained_on_the_students_beats_guessing_the_majority(int seed)
    {
        var train = Students.Generate(400, 10);
        var test = Students.Generate(200, 11);
        var network = new Network(3, [2, 1], seed, useBias: true);
        var result = NetworkTrainer.Train(network, train, new BinaryCrossEntropy(), 0.5, 100);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.Epochs[^1].Loss < result.Epochs[0].Loss);
        var correct = Enumerable.Range(0, test.Count).Count(s => (network.FeedForward(test.Inputs[s]) > 0.5) == (test.Goals[s] == 1));
        var majority = Math.Max(test.Goals.Average(), 1 - test.Goals.Average());
        Assert.True(correct / (double)test.Count > majority + 0.2, $"accuracy {correct / (double)test.Count:0.00} vs majority {majority:0.00}");
    }
}
