using System.Globalization;

namespace Neurons;

/// <summary>Chapters 1 and 2's data: Celsius temperatures and their Fahrenheit values.</summary>
public static class Temperature
{
    /// <summary>The truth the neuron learns: F = 1.8 × C + 32.</summary>
    public static double CelsiusToFahrenheit(double celsius) => 1.8 * celsius + 32;

    /// <summary><paramref name="count"/> samples with C uniform on [-10, 10) from the seed, goals F = 1.8 C + 32.</summary>
    public static Dataset Sample(int count, int seed)
    {
        Guard.Positive(count);
        var sampler = new CelsiusSampler(seed);
        var inputs = new double[count][];
        var goals = new double[count];
        for (var s = 0; s < count; s++)
        {
            var (c, f) = sampler.Next();
            inputs[s] = [c];
            goals[s] = f;
        }
        return new Dataset(inputs, goals, featureNames: ["°C"]);
    }
}

/// <summary>
/// An endless, seeded stream of (°C, °F) pairs with °C uniform on [-10, 10): call <see cref="Next"/>
/// for the next pair, or enumerate it (as <see cref="LinearTrainer.Train"/> does) for the stream from
/// its seed, from the start each time, without moving <see cref="Next"/>.
/// </summary>
public sealed class CelsiusSampler(int seed) : IEnumerable<(double Celsius, double Fahrenheit)>
{
    private readonly Random _random = new(seed);

    /// <summary>The seed the stream started from.</summary>
    public int Seed { get; } = seed;

    /// <summary>The next pair: C = 20 u - 10 for u uniform on [0, 1), F = 1.8 C + 32.</summary>
    public (double Celsius, double Fahrenheit) Next()
    {
        var celsius = Seeded.Uniform(_random, -10, 10);
        return (celsius, Temperature.CelsiusToFahrenheit(celsius));
    }

    /// <summary>The pairs a new sampler with this seed gives from <see cref="Next"/>, one after another, without end.</summary>
    public IEnumerator<(double Celsius, double Fahrenheit)> GetEnumerator()
    {
        var stream = new CelsiusSampler(Seed);
        while (true) yield return stream.Next();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A person of chapter 3: weight in pounds, height in inches, gender (F = 1, M = 0).</summary>
public sealed record Person(string Name, double WeightLb, double HeightIn, char Gender)
{
    /// <summary>The network's goal: 1 for F, 0 for M.</summary>
    public double Goal => Gender == 'F' ? 1 : 0;

    /// <summary>The inputs the network sees: (weight - 135 lb, height - 66 in).</summary>
    public double[] Shifted => [WeightLb - People.WeightShiftLb, HeightIn - People.HeightShiftIn];

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {WeightLb} lb, {HeightIn} in, {Gender}");
}

/// <summary>Chapter 3's four people and the two new ones, as text 003 gives them.</summary>
public static class People
{
    /// <summary>Subtracted from every weight: 135 lb.</summary>
    public const double WeightShiftLb = 135;

    /// <summary>Subtracted from every height: 66 in.</summary>
    public const double HeightShiftIn = 66;

    /// <summary>Alice, Bob, Charlie and Diana.</summary>
    public static IReadOnlyList<Person> Training { get; } =
    [
        new("Alice", 133, 65, 'F'),
        new("Bob", 160, 72, 'M'),
        new("Charlie", 152, 70, 'M'),
        new("Diana", 120, 60, 'F'),
    ];

    /// <summary>Emily (128 lb, 63 in) and Frank (155 lb, 68 in), whom the trained network has never seen.</summary>
    public static IReadOnlyList<Person> New { get; } =
    [
        new("Emily", 128, 63, 'F'),
        new("Frank", 155, 68, 'M'),
    ];

    /// <summary>The four people shifted by 135 lb and 66 in, goals 1 for F and 0 for M.</summary>
    public static Dataset ShiftedTraining => ToDataset(Training);

    /// <summary>Emily and Frank, shifted the same way.</summary>
    public static Dataset ShiftedNew => ToDataset(New);

    private static Dataset ToDataset(IReadOnlyList<Person> people) => new(
        [.. people.Select(p => p.Shifted)],
        [.. people.Select(p => p.Goal)],
        [.. people.Select(p => p.Name)],
        ["weight - 135 (lb)", "height - 66 (in)"]);
}

/// <summary>
/// Chapter 4's students, generated because text 001 ships no data. Each student has three grades
/// in whole percent, drawn uniformly from 30 to 99: assignments, written tests, oral tests. The rule:
/// score = 0.2 × assignments + 0.5 × written + 0.3 × oral + noise, noise ~ N(0, 5²);
/// the student passes (goal 1) when score ≥ 65, else fails (goal 0). The written tests weigh most,
/// as the text's experienced teacher says. The network sees the grades divided by 100.
/// </summary>
public static class Students
{
    /// <summary>The weights of the hidden rule, in the order of the features.</summary>
    public static IReadOnlyList<double> RuleWeights { get; } = [0.2, 0.5, 0.3];

    /// <summary>The pass mark of the hidden rule, in percent.</summary>
    public const double PassMark = 65;

    /// <summary>The standard deviation of the rule's noise, in percentage points.</summary>
    public const double NoiseSd = 5;

    /// <summary>The features' names.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["assignments", "written", "oral"];

    /// <summary><paramref name="count"/> students from the seed; inputs are grades / 100, goals 1 = pass, 0 = fail.</summary>
    public static Dataset Generate(int count, int seed)
    {
        Guard.Positive(count);
        var random = new Random(seed);
        var inputs = new double[count][];
        var goals = new double[count];
        for (var s = 0; s < count; s++)
        {
            double[] grades = [Grade(random), Grade(random), Grade(random)];
            var score = RuleWeights[0] * grades[0] + RuleWeights[1] * grades[1] + RuleWeights[2] * grades[2] + NoiseSd * Seeded.Normal(random);
            goals[s] = score >= PassMark ? 1 : 0;
            inputs[s] = [.. grades.Select(g => g / 100)];
        }
        return new Dataset(inputs, goals, [.. Enumerable.Range(1, count).Select(i => $"student {i}")], [.. FeatureNames]);
    }

    private static double Grade(Random random) => Math.Floor(Seeded.Uniform(random, 30, 100));
}
