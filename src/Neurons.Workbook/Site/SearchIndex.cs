using System.Text;
using System.Text.Json.Nodes;

namespace Neurons.Workbook.Site;

/// <summary>A section of a chapter as the search finds it: its anchor, its heading, and its prose as text.</summary>
internal sealed record SearchSection(string Id, string Heading, string Text);

/// <summary>
/// The search index, shipped as a script (assets/search-index.js) because a page opened from a
/// file cannot fetch one: it sets window.NEURONS_SEARCH to every chapter's sections, which
/// assets/search.js searches as the reader types.
/// </summary>
internal static class SearchIndex
{
    public static string Script(IReadOnlyList<(string Page, string Title, IReadOnlyList<SearchSection> Sections)> chapters)
    {
        var index = new JsonArray();
        foreach (var (page, title, sections) in chapters)
        {
            var entries = new JsonArray();
            foreach (var section in sections)
                entries.Add(new JsonObject { ["id"] = section.Id, ["heading"] = section.Heading, ["text"] = section.Text });
            index.Add(new JsonObject { ["page"] = page, ["title"] = title, ["sections"] = entries });
        }
        return new StringBuilder()
            .Append("// The site's search index, written by the export: every chapter's sections as text.\n")
            .Append("window.NEURONS_SEARCH = ").Append(Html.ScriptJsonLiteral(index)).Append(";\n")
            .ToString();
    }
}
