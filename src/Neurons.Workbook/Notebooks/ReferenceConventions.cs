using System.Text.RegularExpressions;

namespace Neurons.Workbook.Notebooks;

/// <summary>A departure from the notebooks' reference conventions: the 1-based line in the cell and what is wrong.</summary>
public sealed record ReferenceProblem(int Line, string Message);

/// <summary>
/// The conventions <c>check</c> holds a cell's references to, without restoring anything (the kernel
/// restores whatever the feed serves): every <c>#r "nuget: NAME, VERSION"</c> pins a version, so a
/// chapter runs the same next year, and every <c>#r "path"</c> names a file that exists, relative
/// to the notebook's folder. A cell may use the kernel's magics (<c>#!time</c>, <c>#!who</c>, ...),
/// but not switch to a kernel the workbook's engine does not host (it hosts C# only).
/// </summary>
public static partial class ReferenceConventions
{
    [GeneratedRegex(@"^\s*#r\s+""\s*nuget\s*:\s*(?<spec>[^""]*)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Nuget();

    [GeneratedRegex(@"^\s*#r\s+""(?<path>[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex PathReference();

    [GeneratedRegex(@"^\s*#!\s*(?<name>[A-Za-z#-]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Magic();

    /// <summary>The kernel names Polyglot Notebooks offers besides C#; <c>#!name</c> alone on a line switches to one.</summary>
    private static readonly HashSet<string> OtherKernels = new(StringComparer.OrdinalIgnoreCase)
    {
        "fsharp", "f#", "fs", "pwsh", "powershell", "javascript", "js", "html", "mermaid", "sql", "kql", "http", "markdown", "md", "value",
    };

    public static IReadOnlyList<ReferenceProblem> Check(string source, string notebookFolder)
    {
        var problems = new List<ReferenceProblem>();
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            Match m;
            if ((m = Magic().Match(line)).Success && OtherKernels.Contains(m.Groups["name"].Value))
            {
                problems.Add(new(i + 1, $"\"#!{m.Groups["name"].Value}\" switches to a kernel the workbook's engine does not host; it runs C# only"));
            }
            else if ((m = Nuget().Match(line)).Success)
            {
                var spec = m.Groups["spec"].Value.Split(',', 2);
                var name = spec[0].Trim();
                var version = spec.Length > 1 ? spec[1].Trim() : "";
                if (name.Length == 0)
                {
                    problems.Add(new(i + 1, "#r \"nuget: ...\" names no package"));
                }
                else if (version.Length == 0 || version.Contains('*'))
                {
                    problems.Add(new(i + 1, $"package {name} has no pinned version (write #r \"nuget: {name}, VERSION\")"));
                }
            }
            else if ((m = PathReference().Match(line)).Success)
            {
                var relative = m.Groups["path"].Value;
                var full = Path.GetFullPath(Path.Combine(notebookFolder, relative));
                if (!File.Exists(full))
                {
                    problems.Add(new(i + 1, $"#r \"{relative}\": no such file {full}"));
                }
            }
        }
        return problems;
    }
}
