using System.Text.RegularExpressions;

namespace Neurons.Workbook.Running;

/// <summary>A package the runner carries in place of the kernel's NuGet restore.</summary>
public sealed record CarriedPackage(string Name, string Version);

/// <summary>A directive that cannot be honoured: the 1-based line in the cell and what is wrong.</summary>
public sealed record DirectiveProblem(int Line, string Message);

/// <summary>
/// A code cell with its kernel directives taken out: <c>#r "nuget: ..."</c>, <c>#r "path.dll"</c>
/// and <c>#!magic</c> lines become blank lines, so the compiler's line numbers stay the cell's.
/// </summary>
public sealed record CellDirectives(
    string Code,
    IReadOnlyList<string> ReferencePaths,
    IReadOnlyList<CarriedPackage> Packages,
    IReadOnlyList<DirectiveProblem> Problems)
{
    /// <summary>The packages the runner carries, by the name and version a notebook asks for.</summary>
    public static readonly IReadOnlyList<CarriedPackage> Carried =
    [
        new("Plotly.NET.Interactive", "6.0.0"),
        new("Plotly.NET.CSharp", "0.14.0"),
    ];

    private static readonly Regex Magic = new(@"^\s*#!\s*(?<name>\S*)", RegexOptions.CultureInvariant);
    private static readonly Regex Nuget = new(@"^\s*#r\s+""\s*nuget\s*:\s*(?<spec>[^""]*)""\s*(//.*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex PathReference = new(@"^\s*#r\s+""(?<path>[^""]*)""\s*(//.*)?$", RegexOptions.CultureInvariant);

    public static string CarriedList => string.Join(" and ", Carried.Select(p => $"{p.Name} {p.Version}"));

    /// <summary>Finds the directives of a cell; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static CellDirectives Parse(string source, string baseDirectory)
    {
        var lines = source.Split('\n');
        var paths = new List<string>();
        var packages = new List<CarriedPackage>();
        var problems = new List<DirectiveProblem>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var lineNumber = i + 1;
            Match m;
            if ((m = Magic.Match(line)).Success)
            {
                var name = m.Groups["name"].Value;
                if (name != "csharp")
                {
                    problems.Add(new(lineNumber, $"unknown magic command \"#!{name}\" (the runner accepts only #!csharp)"));
                }
            }
            else if ((m = Nuget.Match(line)).Success)
            {
                var spec = m.Groups["spec"].Value.Split(',', 2);
                var name = spec[0].Trim();
                var version = spec.Length > 1 ? spec[1].Trim() : "";
                var carried = Carried.FirstOrDefault(p =>
                    string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Version == version);
                if (carried is not null)
                {
                    packages.Add(carried);
                }
                else if (version.Length == 0)
                {
                    problems.Add(new(lineNumber, $"package {name} has no version; the runner carries only {CarriedList}"));
                }
                else
                {
                    problems.Add(new(lineNumber, $"package {name} {version} is not carried by the runner; it carries only {CarriedList}"));
                }
            }
            else if ((m = PathReference.Match(line)).Success)
            {
                var relative = m.Groups["path"].Value;
                var full = Path.GetFullPath(Path.Combine(baseDirectory, relative));
                if (File.Exists(full))
                {
                    paths.Add(full);
                }
                else
                {
                    problems.Add(new(lineNumber, $"#r \"{relative}\": no such file {full}"));
                }
            }
            else
            {
                continue;
            }
            lines[i] = "";
        }
        return new CellDirectives(string.Join('\n', lines), paths, packages, problems);
    }
}
