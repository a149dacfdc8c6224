using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Neurons.Workbook.Running;

/// <summary>
/// The kernel and Plotly.NET put a fresh GUID into each HTML output (a chart's div id and the name
/// of the function that draws it). In an executed notebook each becomes a GUID derived from the
/// notebook, the cell and its order there, in both spellings (with and without dashes), so the HTML
/// still works and two runs of the same notebook give the same bytes.
/// </summary>
public static partial class StableIds
{
    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex Guid();

    /// <summary>Rewrites the GUIDs in the string values of each output's data, in place.</summary>
    /// <param name="scope">names the cell, e.g. "03-neurons.ipynb#cell12"</param>
    public static void Apply(JsonArray outputs, string scope)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var output in outputs.OfType<JsonObject>())
        {
            if (output["data"] is not JsonObject data)
            {
                continue;
            }
            foreach (var key in data.Select(p => p.Key).ToList())
            {
                if (data[key] is JsonValue value && value.TryGetValue<string>(out var text) && Guid().IsMatch(text))
                {
                    data[key] = Rewrite(text, scope, map);
                }
            }
        }
    }

    private static string Rewrite(string text, string scope, Dictionary<string, string> map)
    {
        foreach (Match m in Guid().Matches(text))
        {
            if (!map.ContainsKey(m.Value))
            {
                var hash = MD5.HashData(Encoding.UTF8.GetBytes($"{scope}#{map.Count}"));
                map[m.Value] = new System.Guid(hash).ToString();
            }
        }
        foreach (var (random, stable) in map)
        {
            text = text.Replace(random, stable, StringComparison.OrdinalIgnoreCase)
                       .Replace(random.Replace("-", ""), stable.Replace("-", ""), StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }
}
