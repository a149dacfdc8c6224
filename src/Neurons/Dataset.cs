namespace Neurons;

/// <summary>Samples (input vector x, goal y) with optional names, checked once when made.</summary>
public sealed class Dataset
{
    /// <summary>A data set; every input row must have the same length and every number must be finite.</summary>
    public Dataset(double[][] inputs, double[] goals, string[]? names = null, string[]? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(goals);
        if (inputs.Length == 0)
            throw new ArgumentException("inputs must hold at least one sample, but the data set is empty.", nameof(inputs));
        if (goals.Length != inputs.Length)
            throw new ArgumentException($"goals must have one value per sample ({inputs.Length}), but had {goals.Length}.", nameof(goals));
        var width = inputs[0]?.Length ?? 0;
        if (width == 0)
            throw new ArgumentException($"inputs[0] must have at least one value, but {(inputs[0] is null ? "was null" : "had 0")}.", nameof(inputs));
        for (var s = 0; s < inputs.Length; s++)
        {
            if (inputs[s] is null || inputs[s].Length != width)
                throw new ArgumentException($"inputs[{s}] must have {width} value(s), but had {inputs[s]?.Length ?? 0}.", nameof(inputs));
            Guard.Finite(inputs[s], $"inputs[{s}]");
        }
        Guard.Finite(goals, nameof(goals));
        if (names is not null && names.Length != inputs.Length)
            throw new ArgumentException($"names must have one name per sample ({inputs.Length}), but had {names.Length}.", nameof(names));
        if (featureNames is not null && featureNames.Length != width)
            throw new ArgumentException($"featureNames must name each of the {width} inputs, but had {featureNames.Length}.", nameof(featureNames));
        Inputs = inputs;
        Goals = goals;
        Names = names ?? [.. Enumerable.Range(1, inputs.Length).Select(i => $"sample {i}")];
        FeatureNames = featureNames ?? [.. Enumerable.Range(1, width).Select(i => $"x{i}")];
    }

    /// <summary>The input vectors x, one per sample.</summary>
    public double[][] Inputs { get; }

    /// <summary>The goals y, one per sample.</summary>
    public double[] Goals { get; }

    /// <summary>A name per sample (Alice, Bob, …).</summary>
    public string[] Names { get; }

    /// <summary>A name per input (weight, height, …).</summary>
    public string[] FeatureNames { get; }

    /// <summary>How many samples.</summary>
    public int Count => Goals.Length;

    /// <summary>How many inputs each sample has.</summary>
    public int InputCount => Inputs[0].Length;

    /// <summary>The mean error (1/n) Σ E(yᵢ, ŷᵢ) (<see cref="Loss.Mean"/>) of a network's predictions over the data set.</summary>
    public double MeanError(Network network, IError error)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(error);
        if (network.InputCount != InputCount)
            throw new ArgumentException($"network takes {network.InputCount} input(s), but the data set has {InputCount} per sample.", nameof(network));
        Span<double> predictions = Count <= 512 ? stackalloc double[Count] : new double[Count];
        for (var s = 0; s < Count; s++)
            predictions[s] = network.Forward(Inputs[s]);
        return Loss.MeanOf(error, Goals, predictions);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Count} samples of ({string.Join(", ", FeatureNames)}) → goal";
}
