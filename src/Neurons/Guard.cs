using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Neurons;

/// <summary>Argument checks that fail at once and name the argument and its value.</summary>
internal static class Guard
{
    // The checks on a training step's path throw from a helper, so the check itself stays small enough to inline.
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
            ThrowNotFinite(value, name);
        return value;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double value, string? name) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number, but was {Show(value)}.");

    public static void Finite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                ThrowNotFinite(values[i], i, name);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double value, int index, string name) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name}[{index}] must be a finite number, but was {Show(value)}.");

    public static double LearningRate(double value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        PositiveFinite(value, name);

    public static double PositiveFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value <= 0)
            ThrowNotPositiveFinite(value, name);
        return value;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotPositiveFinite(double value, string? name) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite, but was {Show(value)}.");

    /// <summary>A probability's goal y: a number in [0, 1] (NaN is not).</summary>
    public static double Probability(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a probability in [0, 1], but was {Show(value)}.");
        return value;
    }

    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1, but was {value}.");
        return value;
    }

    public static void Length(ReadOnlySpan<double> values, int expected, string name)
    {
        if (values.Length != expected)
            ThrowLength(values.Length, expected, name);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLength(int length, int expected, string name) =>
        throw new ArgumentException($"{name} must have {expected} value(s), but had {length}.", name);

    public static string Show(double value) => double.IsNaN(value) ? "NaN" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
