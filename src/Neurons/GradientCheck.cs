namespace Neurons;

/// <summary>
/// The central finite difference f'(x) ≈ (f(x + h) - f(x - h)) / 2h, the numeric check that
/// every analytic derivative in the library and the notebooks must pass.
/// </summary>
public static class GradientCheck
{
    /// <summary>The default step h.</summary>
    public const double DefaultStep = 1e-6;

    /// <summary>(f(x + h) - f(x - h)) / 2h.</summary>
    public static double Central(Func<double, double> f, double x, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.Finite(x);
        Guard.PositiveFinite(h);
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    /// <summary>Every partial derivative ∂f/∂pₖ of f at the point p, each by the central difference.</summary>
    public static double[] Central(Func<double[], double> f, double[] point, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(point);
        Guard.Finite(point, nameof(point));
        Guard.PositiveFinite(h);
        var gradient = new double[point.Length];
        var probe = (double[])point.Clone();
        for (var k = 0; k < point.Length; k++)
        {
            probe[k] = point[k] + h;
            var up = f(probe);
            probe[k] = point[k] - h;
            var down = f(probe);
            probe[k] = point[k];
            gradient[k] = (up - down) / (2 * h);
        }
        return gradient;
    }

    /// <summary>
    /// The numeric gradient of E(goal, network(inputs)) with respect to every parameter p in
    /// <see cref="Network.Parameters"/>, in that order: each ∂E/∂p by <see cref="Central(Func{double, double}, double, double)"/>,
    /// moving p alone. Every parameter is left as it was.
    /// </summary>
    public static double[] ForNetwork(Network network, double[] inputs, double goal, IError error, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(error);
        Guard.Finite(goal);
        Guard.PositiveFinite(h);
        network.FeedForward(inputs); // refuses inputs of the wrong length or that are not finite
        var gradient = new double[network.Parameters.Count];
        for (var k = 0; k < gradient.Length; k++)
        {
            var p = network.Parameters[k];
            var value = p.Value;
            try
            {
                gradient[k] = Central(v =>
                {
                    p.Value = v;
                    return error.Error(goal, network.FeedForward(inputs));
                }, value, h);
            }
            finally
            {
                p.Value = value;
            }
        }
        return gradient;
    }

    /// <summary>|a - n| / max(1, |a|, |n|): how far an analytic value a is from a numeric one n, relative where they are large.</summary>
    public static double Difference(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) / Math.Max(1, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
}
