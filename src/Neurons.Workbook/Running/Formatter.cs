using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace Neurons.Workbook.Running;

/// <summary>
/// Turns a displayed value into nbformat mime data, as the kernel with Plotly.NET.Interactive does:
/// a Plotly.NET chart as the plotly mime type plus an HTML fragment, anything else as its text.
/// </summary>
public static class Formatter
{
    public const string PlotlyMime = "application/vnd.plotly.v1+json";

    /// <summary>The plotly.js that the HTML fragment loads when the page has none (Plotly.NET 6 bundles 2.28.0).</summary>
    public const string PlotlyCdn = "https://cdn.plot.ly/" + Site.SiteAssets.PlotlyFile;

    /// <param name="value">the value shown</param>
    /// <param name="id">a stable id for the chart's div (derived from notebook, cell and output index)</param>
    public static JsonObject Format(object? value, string id)
    {
        if (value is GenericChart chart)
        {
            var figure = JsonNode.Parse(GenericChart.toJson(chart))!.AsObject();
            return new JsonObject
            {
                [PlotlyMime] = figure,
                ["text/html"] = ChartHtml(figure, DivId(id)),
                ["text/plain"] = "Plotly chart",
            };
        }
        return new JsonObject { ["text/plain"] = PlainText(value) };
    }

    /// <summary>Items shown of a sequence before "... (more)", as the kernel's plain-text formatter.</summary>
    public const int ListLimit = 20;

    /// <summary>
    /// A value's text: its ToString(), except that a sequence (other than a string), whose ToString()
    /// is only its type name, shows its first items as the kernel does: [ 1, 2, 3 ].
    /// </summary>
    public static string PlainText(object? value)
    {
        if (value is null)
        {
            return "<null>";
        }
        if (value is string text)
        {
            return text;
        }
        if (value is System.Collections.IEnumerable sequence && IsTypeNameOnly(value))
        {
            var items = new List<string>();
            var more = false;
            foreach (var item in sequence)
            {
                if (items.Count == ListLimit)
                {
                    more = true;
                    break;
                }
                items.Add(item is System.Collections.IEnumerable and not string ? PlainText(item) : item?.ToString() ?? "<null>");
            }
            return items.Count == 0 ? "[ ]" : $"[ {string.Join(", ", items)}{(more ? ", ... (more)" : "")} ]";
        }
        return value.ToString() ?? "";
    }

    /// <summary>True when ToString() is object's, naming the type and nothing else.</summary>
    private static bool IsTypeNameOnly(object value)
    {
        var text = value.ToString();
        var type = value.GetType();
        return text == type.ToString() || text == type.FullName || text == type.Name;
    }

    /// <summary>A div and a script drawing the figure into it; loads plotly.js from its CDN if the page lacks it.</summary>
    public static string ChartHtml(JsonObject figure, string divId)
    {
        var json = Site.Html.ScriptJsonLiteral(figure);
        var html = new StringBuilder();
        html.Append("<div id=\"").Append(divId).Append("\"></div>\n");
        html.Append("<script type=\"text/javascript\">\n");
        html.Append("(function () {\n");
        html.Append("  var figure = ").Append(json).Append(";\n");
        html.Append("  function draw() { Plotly.newPlot('").Append(divId).Append("', figure.data, figure.layout, figure.config); }\n");
        html.Append("  if (typeof Plotly !== 'undefined') { draw(); return; }\n");
        html.Append("  var script = document.createElement('script');\n");
        html.Append("  script.src = '").Append(PlotlyCdn).Append("';\n");
        html.Append("  script.onload = draw;\n");
        html.Append("  document.head.appendChild(script);\n");
        html.Append("})();\n");
        html.Append("</script>");
        return html.ToString();
    }

    private static string DivId(string id)
    {
        var safe = new StringBuilder("plotly-");
        foreach (var c in id)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }
        return safe.ToString();
    }
}
