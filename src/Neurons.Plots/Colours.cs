using Plotly.NET;

namespace Neurons.Plots;

/// <summary>
/// One set of colours for every chapter: w₁ is always <see cref="W1"/>, w₂ always <see cref="W2"/>,
/// a true value or target always <see cref="Truth"/>.
/// </summary>
public static class Colours
{
    /// <summary>w₁, and the first of several series.</summary>
    public static readonly Color W1 = Color.fromHex("#1f77b4");

    /// <summary>w₂, and the second of several series.</summary>
    public static readonly Color W2 = Color.fromHex("#d62728");

    /// <summary>A true value, a target or a yardstick: dark grey, usually dashed.</summary>
    public static readonly Color Truth = Color.fromHex("#444444");

    /// <summary>
    /// Text drawn over a chart's colours, such as the names beside points on a map: near black, at
    /// least 4.5:1 (WCAG's contrast for text) against the plot's background and every colour of
    /// <see cref="Plot.HeatmapScale"/>.
    /// </summary>
    public static readonly Color Ink = Color.fromHex("#111111");

    /// <summary>A point the text picks out.</summary>
    public static readonly Color Highlight = Color.fromHex("#2ca02c");

    /// <summary>A fourth colour.</summary>
    public static readonly Color Purple = Color.fromHex("#9467bd");

    /// <summary>A fifth colour.</summary>
    public static readonly Color Orange = Color.fromHex("#ff7f0e");

    /// <summary>A sixth colour.</summary>
    public static readonly Color Teal = Color.fromHex("#17becf");

    /// <summary>The series colours in order (blue, red, green, purple, orange, teal, brown, pink, olive).</summary>
    public static readonly IReadOnlyList<string> Hex =
        ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22"];

    /// <summary>The colour of series <paramref name="index"/> (0-based), repeating after the last.</summary>
    public static Color Series(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Color.fromHex(Hex[index % Hex.Count]);
    }
}
