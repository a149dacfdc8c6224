using System.Reflection;

namespace Neurons.Workbook.Site;

/// <summary>
/// The files every exported site carries in its assets/ folder, all from inside assemblies so the
/// site works offline wherever the tool runs: plotly.js from Plotly.NET's own embedded copy, and
/// KaTeX, the stylesheet and the math script embedded into this assembly at build time
/// (Site/Site.targets restores KaTeX with npm ci).
/// </summary>
internal static class SiteAssets
{
    public const string PlotlyFile = "plotly-2.28.0.min.js";
    public const string PlotlyResource = "Plotly.NET." + PlotlyFile;
    private const string Prefix = "site-assets/";

    // What the pages link to; the writer refuses to write a site without them.
    public static readonly string[] Required =
    [
        "site.css",
        "math.js",
        "charts.js",
        "site.js",
        "katex/katex.min.js",
        "katex/katex.min.css",
        "katex/fonts/KaTeX_Main-Regular.woff2",
        "katex/fonts/KaTeX_Math-Italic.woff2",
    ];

    /// <summary>Every asset as (path under assets/, bytes), in ordinal order of the path.</summary>
    public static IReadOnlyList<(string Path, byte[] Bytes)> Load()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

        var own = typeof(SiteAssets).Assembly;
        foreach (var name in own.GetManifestResourceNames())
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
                files[name[Prefix.Length..]] = Read(own, name);
        }
        var missing = Required.Where(path => !files.ContainsKey(path)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The site's assets are missing from {own.GetName().Name}: {string.Join(", ", missing)}. " +
                "They are embedded at build time from src/Neurons.Workbook/Site/assets and from KaTeX, which the build " +
                "restores with `npm ci` in src/Neurons.Workbook (see Site/Site.targets); rebuild with npm on the PATH.");
        }

        var plotly = typeof(Plotly.NET.Layout).Assembly;
        var plotlyNames = plotly.GetManifestResourceNames();
        if (!plotlyNames.Contains(PlotlyResource, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"{plotly.GetName().Name} {plotly.GetName().Version} has no embedded resource \"{PlotlyResource}\"; " +
                $"it has: {string.Join(", ", plotlyNames.Order(StringComparer.Ordinal))}.");
        }
        files[PlotlyFile] = Read(plotly, PlotlyResource);
        var license = PlotlyResource + ".LICENSE.txt";
        if (plotlyNames.Contains(license, StringComparer.Ordinal))
            files[PlotlyFile + ".LICENSE.txt"] = Read(plotly, license);

        return files.Select(pair => (pair.Key, pair.Value)).ToList();
    }

    /// <summary>The files beside the pages: the licence and the third-party notices, as (name, bytes).</summary>
    public static IReadOnlyList<(string Path, byte[] Bytes)> RootFiles()
    {
        var own = typeof(SiteAssets).Assembly;
        var files = new List<(string, byte[])>();
        foreach (var name in new[] { "LICENSE.txt", "THIRD-PARTY-NOTICES.txt" })
        {
            var resource = "site-root/" + name;
            if (!own.GetManifestResourceNames().Contains(resource, StringComparer.Ordinal))
                throw new InvalidOperationException($"{own.GetName().Name} lacks {name}: it is embedded at build time from the repository's LICENSE and THIRD-PARTY-NOTICES.");
            files.Add((name, Read(own, resource)));
        }
        return files;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name}: cannot open embedded resource \"{name}\".");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
