using System.Net;
using Microsoft.DotNet.Interactive.Formatting;

namespace Neurons.Plots;

/// <summary>
/// The kernel shows an object as a tree of its properties under its ToString(), so a data set or
/// a training history becomes hundreds of rows. These formatters show the library's objects as
/// their ToString() alone, as the kernel shows a number. This class touches no Plotly.NET type, so
/// it works in a kernel that cannot draw charts.
/// </summary>
public static class Summaries
{
    private static int _registered;

    /// <summary>The types shown by their one-line (or few-line) summary.</summary>
    public static readonly IReadOnlyList<Type> Types =
    [
        typeof(Dataset), typeof(LinearTrainingResult), typeof(NetworkTrainingResult), typeof(EpochRecord),
        typeof(BatchTrainingResult), typeof(BatchStep),
        typeof(LinearStep), typeof(LinearNeuron), typeof(Neuron), typeof(Layer), typeof(Network),
        typeof(Parameter), typeof(WeightVector), typeof(Person),
    ];

    /// <summary>Registers the short displays with the kernel's formatter; a second call does nothing.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        foreach (var type in Types)
        {
            Formatter.Register(type, (value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
            Formatter.Register(type, (value, writer) => writer.Write(value.ToString()), PlainTextFormatter.MimeType);
        }
    }

    /// <summary>The HTML the kernel writes for a plain value: its text, encoded, in a &lt;pre&gt;.</summary>
    public static string Html(object value) =>
        $"<div class=\"dni-plaintext\"><pre>{WebUtility.HtmlEncode(value.ToString())}</pre></div>";
}
