using System.Text.Json.Nodes;

namespace Neurons.Workbook.Tests.Site;

/// <summary>Outputs built from what the real C# kernel returned for chapter 3 (see KernelSamples/README.md).</summary>
internal static class KernelSample
{
    private static string Folder => Path.Combine(Repository.Root, "tests", "Neurons.Workbook.Tests", "Site", "KernelSamples");

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    /// <summary>A returned value as the kernel formats it: its HTML and its plain text.</summary>
    public static JsonObject HtmlResult(string html, string plain = "value") => new()
    {
        ["output_type"] = "execute_result",
        ["execution_count"] = 1,
        ["metadata"] = new JsonObject(),
        ["data"] = new JsonObject { ["text/html"] = html, ["text/plain"] = plain },
    };

    /// <summary>The network's tree view, as `example` at the end of chapter 3's cell 9 shows it.</summary>
    public static JsonObject TreeView() =>
        HtmlResult(Text("treeview-network.html"), "Network 2-2-1: w1 = 0, w2 = 1, w3 = 0, w4 = 1, w5 = 0, w6 = 1, b1 = 0, b2 = 0, b3 = 0");

    /// <summary>The kernel's "Installed Packages" display, after its update.</summary>
    public static JsonObject InstalledPackages() => new()
    {
        ["output_type"] = "display_data",
        ["metadata"] = new JsonObject(),
        ["data"] = new JsonObject { ["text/html"] = Text("installed-packages.html"), ["text/plain"] = "Installed Packages" },
    };

    /// <summary>
    /// A chart as the engine writes it: Plotly.NET.Interactive's HTML (its CDN loader script and a
    /// random id), plus, unless <paramref name="withFigure"/> is false, the figure under the plotly mime type.
    /// </summary>
    public static JsonObject Chart(bool withFigure = true, string? id = null)
    {
        var html = Text("chart-network-diagram.html");
        if (id is not null) html = html.Replace("d747cf89-9025-4c13-a3ae-0a6920039bd9", id).Replace("d747cf8990254c13a3ae0a6920039bd9", id.Replace("-", ""));
        var data = new JsonObject();
        if (withFigure) data["application/vnd.plotly.v1+json"] = JsonNode.Parse(Text("chart-network-diagram.figure.json"));
        data["text/html"] = html;
        data["text/plain"] = "Plotly.NET.GenericChart+Chart";
        return new JsonObject { ["output_type"] = "execute_result", ["execution_count"] = 1, ["metadata"] = new JsonObject(), ["data"] = data };
    }
}
