namespace Neurons;

/// <summary>Random numbers that always come from a seed, so a notebook run twice prints the same numbers.</summary>
public static class Seeded
{
    /// <summary>A draw from the standard normal distribution N(0, 1) by the Box–Muller transform: √(-2 ln u₁) cos(2π u₂).</summary>
    public static double Normal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble(); // in (0, 1], so the logarithm is finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A draw from the uniform distribution on [low, high): low + (high - low) × u for u uniform on [0, 1).</summary>
    public static double Uniform(Random random, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(random);
        Guard.Finite(low);
        Guard.Finite(high);
        if (!(low < high))
            throw new ArgumentOutOfRangeException(nameof(low), low,
                $"low must be below high, but low was {Guard.Show(low)} and high {Guard.Show(high)}.");
        if (!double.IsFinite(high - low))
            throw new ArgumentOutOfRangeException(nameof(high), high,
                $"high - low must be a finite number, but from low {Guard.Show(low)} to high {Guard.Show(high)} it overflows.");
        return low + (high - low) * random.NextDouble();
    }
}
