using System.Text.RegularExpressions;

namespace Neurons.Workbook.Site;

/// <summary>A text the chapters are built on, as a student can find it: its title, and its address where the text gives one.</summary>
internal sealed record Source(string Id, string Number, string Title, string? Address, string About);

/// <summary>
/// The workbook's source texts, cited in the site by title (and by address where the text itself
/// gives one: only "Building with Neurons" does). A chapter's prose may still name a text by its
/// number among the workbook's files ("text 000 of the workbook's sources", "text 001 in
/// shared/seeds"), which a student cannot follow: the site writes the title instead. (The
/// workbook's fourth text, a short retelling of "Neural networks from scratch", is cited by no
/// chapter and so is not listed.)
/// </summary>
internal static partial class Sources
{
    public const string PageName = "sources.html";

    public static readonly IReadOnlyList<Source> All =
    [
        new("building-with-neurons", "000", "Building with Neurons", "https://www.milestonemade.com/building-with-neurons/",
            "Chapters 1 and 2: a single linear neuron learns to turn Celsius into Fahrenheit; the absolute and the squared error, derivatives, the chain rule, backpropagation and the learning rate."),
        new("mechanics-of-a-simple-neural-network", "001", "The mechanics of a simple neural network", null,
            "Students' grades predict pass or fail: a 3-2-1 network with sigmoid activations, binary cross-entropy, and the gradient over all its weights."),
        new("neural-networks-from-scratch", "003", "Neural networks from scratch", null,
            "A two-input sigmoid neuron, a 2-2-1 network, the mean squared error, the chain rule by hand, and stochastic gradient descent on four people's weight and height."),
    ];

    /// <summary>The prose with every reference to a source by its file number replaced by its title.</summary>
    public static string Rewrite(string cleanHtml)
    {
        // "(text 000 of the workbook's sources)", "(text 001 in <code>shared/seeds</code>)": the title is
        // already beside it, so the reference becomes a link to the sources page.
        var html = Parenthesised().Replace(cleanHtml, match => ByNumber(match.Groups["number"].Value) is { } source
            ? $"(see <a href=\"{PageName}#{source.Id}\">the sources</a>)"
            : match.Value);
        // "Text 001 has three slips": the title instead of the number.
        html = Bare().Replace(html, match => ByNumber(match.Groups["number"].Value) is { } source
            ? $"“{Html.Encode(source.Title)}”"
            : match.Value);
        return html;
    }

    /// <summary>The sources a chapter's text names by title (as written, capitals included), in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<Source> CitedIn(string plainText) =>
        All.Where(source => plainText.Contains(source.Title, StringComparison.Ordinal)).ToList();

    private static Source? ByNumber(string number) => All.FirstOrDefault(source => source.Number == number);

    [GeneratedRegex(@"\(\s*[Tt]ext (?<number>\d{3})(?: of the workbook(?:'|’|&#39;)s sources| in <code>shared/seeds</code>| in shared/seeds)\s*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"\b[Tt]ext (?<number>\d{3})\b")]
    private static partial Regex Bare();
}
