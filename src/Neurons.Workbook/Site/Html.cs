using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Neurons.Workbook.Site;

internal static partial class Html
{
    /// <summary>Escapes text for an element's content or a quoted attribute; non-ASCII stays as is.</summary>
    public static string Encode(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            html.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return html.ToString();
    }

    /// <summary>
    /// Text printed by a cell, ready for a &lt;pre&gt;: terminal colour codes dropped, control
    /// characters other than tab and newline dropped, everything else escaped.
    /// </summary>
    public static string EncodeOutput(string text)
    {
        text = AnsiEscape().Replace(text, "");
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n' || c == '\t' || !char.IsControl(c)) kept.Append(c);
        }
        return Encode(kept.ToString());
    }

    private static readonly JsonSerializerOptions ScriptJson = new()
    {
        // The default encoder writes <, >, &, ' and + as \u escapes, so nothing inside the JSON
        // can close the surrounding <script> or open a comment.
        Encoder = JavaScriptEncoder.Default,
        WriteIndented = false,
    };

    /// <summary>JSON for a literal inside an inline &lt;script&gt;: no "&lt;/" can survive in it.</summary>
    public static string ScriptJsonLiteral(JsonNode? node)
    {
        var json = node is null ? "null" : node.ToJsonString(ScriptJson);
        return json.Replace("</", "<\\/", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();
}
