namespace Neurons.Tests;

/// <summary>Checks a computed value against a number as a source text prints it.</summary>
internal static class TextPrecision
{
    /// <summary>
    /// Passes when <paramref name="actual"/> rounds to <paramref name="printed"/> at the given number
    /// of decimals, i.e. |actual - printed| ≤ half a unit in the last printed digit.
    /// </summary>
    public static void Matches(double printed, double actual, int decimals)
    {
        var halfUnit = 0.5 * Math.Pow(10, -decimals);
        Assert.True(Math.Abs(actual - printed) <= halfUnit * (1 + 1e-9),
            $"expected {actual:R} to print as {printed} with {decimals} decimal(s)");
    }

    /// <summary>Passes when |actual - expected| ≤ tolerance.</summary>
    public static void Near(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"expected {expected:R} ± {tolerance:R}, but got {actual:R}");
}
