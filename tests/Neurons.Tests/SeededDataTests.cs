namespace Neurons.Tests;

/// <summary>Every random number comes from a seed: the same seed gives the same data and network, another seed other ones.</summary>
public class SeededDataTests
{
    private static void AssertSameData(Dataset a, Dataset b)
    {
        Assert.Equal(a.Count, b.Count);
        for (var s = 0; s < a.Count; s++)
            Assert.Equal(a.Inputs[s], b.Inputs[s]);
        Assert.Equal(a.Goals, b.Goals);
    }

    private static bool SameInputs(Dataset a, Dataset b) =>
        Enumerable.Range(0, a.Count).All(s => a.Inputs[s].SequenceEqual(b.Inputs[s]));

    [Fact]
    public void The_same_seed_gives_the_same_temperatures_and_another_seed_others()
    {
        AssertSameData(Temperature.Sample(50, 7), Temperature.Sample(50, 7));
        Assert.False(SameInputs(Temperature.Sample(50, 7), Temperature.Sample(50, 8)));
    }

    [Fact]
    public void The_sampler_repeats_its_stream_for_a_seed()
    {
        var a = new CelsiusSampler(3);
        var b = new CelsiusSampler(3);
        var c = new CelsiusSampler(4);
        Assert.Equal(3, a.Seed);
        var differs = false;
        for (var k = 0; k < 100; k++)
        {
            var x = a.Next();
            Assert.Equal(x, b.Next());
            differs |= x != c.Next();
        }
        Assert.True(differs);
    }

    [Fact]
    public void Temperatures_are_uniform_on_minus_10_to_10_with_their_fahrenheit_goals()
    {
        var data = Temperature.Sample(20000, 1);
        var celsius = data.Inputs.Select(x => x[0]).ToArray();
        Assert.All(celsius, c => Assert.InRange(c, -10, 10 - 1e-12));
        for (var s = 0; s < data.Count; s++)
            Assert.Equal(1.8 * celsius[s] + 32, data.Goals[s], 12);
        Assert.InRange(celsius.Average(), -0.2, 0.2);
        // Uniform on [-10, 10): a quarter of the samples in each quarter of the range.
        for (var q = 0; q < 4; q++)
        {
            var share = celsius.Count(c => c >= -10 + 5 * q && c < -5 + 5 * q) / (double)celsius.Length;
            Assert.InRange(share, 0.23, 0.27);
        }
        Assert.True(celsius.Min() < -9.99 && celsius.Max() > 9.99);
    }

    [Fact]
    public void The_same_seed_gives_the_same_students_and_another_seed_others()
    {
        AssertSameData(Students.Generate(100, 21), Students.Generate(100, 21));
        Assert.False(SameInputs(Students.Generate(100, 21), Students.Generate(100, 22)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_network_and_another_seed_another()
    {
        Assert.Equal(new Network(3, [2, 1], 5).GetParameters(), new Network(3, [2, 1], 5).GetParameters());
        Assert.NotEqual(new Network(3, [2, 1], 5).GetParameters(), new Network(3, [2, 1], 6).GetParameters());
        Assert.Equal(new Network(2, [2, 1], 0, useBias: false).GetParameters(), new Network(2, [2, 1], 0, useBias: false).GetParameters());
    }

    [Fact]
    public void A_seeded_network_trains_to_the_same_weights_twice()
    {
        var a = new Network(2, [2, 1], 12);
        var b = new Network(2, [2, 1], 12);
        var ra = NetworkTrainer.Train(a, People.ShiftedTraining, new SquaredError(), 0.1, 50);
        var rb = NetworkTrainer.Train(b, People.ShiftedTraining, new SquaredError(), 0.1, 50);
        Assert.Equal(a.GetParameters(), b.GetParameters());
        Assert.Equal(ra.Losses, rb.Losses);
    }

    [Fact]
    public void Initial_weights_are_drawn_from_a_standard_normal()
    {
        var network = new Network(100, [100, 1], seed: 2);
        var values = network.GetParameters();
        Assert.Equal(100 * 100 + 100 + 101, values.Length);
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(sd, 0.95, 1.05);
        var withinOne = values.Count(v => Math.Abs(v) < 1) / (double)values.Length;
        Assert.InRange(withinOne, 0.66, 0.70);   // 68.3 % of N(0, 1) lies in (-1, 1)
    }

    [Fact]
    public void Seeded_draws_repeat_for_a_seed_and_have_the_stated_distribution()
    {
        var a = new Random(1);
        var b = new Random(1);
        var normals = new double[50000];
        for (var k = 0; k < normals.Length; k++)
        {
            normals[k] = Seeded.Normal(a);
            Assert.Equal(normals[k], Seeded.Normal(b));
        }
        Assert.All(normals, v => Assert.True(double.IsFinite(v)));
        Assert.InRange(normals.Average(), -0.02, 0.02);
        Assert.InRange(normals.Select(v => v * v).Average(), 0.97, 1.03);
        var random = new Random(2);
        for (var k = 0; k < 1000; k++)
            Assert.InRange(Seeded.Uniform(random, 30, 100), 30, 100 - 1e-12);
    }
}
