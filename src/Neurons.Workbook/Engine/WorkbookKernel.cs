using System.Diagnostics;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;
using Plotly.NET;

namespace Neurons.Workbook.Engine;

/// <summary>
/// The workbook's engine: the real .NET Interactive C# kernel, composed as the dotnet-interactive
/// tool composes it for C#, in a process whose FSharp.Core is 10.1 (so Plotly.NET works). The one
/// thing the workbook adds is <see cref="PlotlyFigure"/>: chart outputs also carry the figure.
/// </summary>
public static class WorkbookKernel
{
    public const string CSharpKernelName = "csharp";

    public static CompositeKernel Create()
    {
        var composite = new CompositeKernel();
        var csharp = new CSharpKernel()
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        csharp.UseNugetDirective((kernel, packages) => OnPackagesRestoredAsync(composite, kernel, packages), forceRestore: false);
        composite.Add(csharp, ["c#", "C#"]);
        composite.DefaultKernelName = CSharpKernelName;
        composite.UseImportMagicCommand();
        UseTimeMagic(composite);
        return composite;
    }

    /// <summary>
    /// As the real tool: the restored assemblies become references, and the kernel extensions a
    /// package carries in interactive-extensions/dotnet (Plotly.NET.Interactive's formatter) load.
    /// </summary>
    private static async Task OnPackagesRestoredAsync(CompositeKernel composite, CSharpKernel kernel, IReadOnlyList<ResolvedPackageReference> packages)
    {
        kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
        foreach (var package in packages)
        {
            var folder = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(folder))
            {
                continue;
            }
            foreach (var dll in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
                foreach (var type in assembly.ExportedTypes.Where(t => !t.IsAbstract && !t.IsInterface && !t.IsGenericTypeDefinition && typeof(IKernelExtension).IsAssignableFrom(t)))
                {
                    await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(composite);
                }
            }
        }
        if (packages.Any(p => p.PackageName.Equals("Plotly.NET", StringComparison.OrdinalIgnoreCase)))
        {
            PlotlyFigure.Register();
        }
    }

    /// <summary>#!time, as the real tool has it: the cell's wall time, shown after it.</summary>
    private static void UseTimeMagic(Kernel kernel)
    {
        kernel.AddDirective(new KernelActionDirective("#!time") { Description = "Time the execution of the code in the cell" }, (command, context) =>
        {
            var timer = Stopwatch.StartNew();
            context.OnComplete(complete => complete.Publish(new DisplayedValueProduced(
                timer.Elapsed, context.Command,
                [new FormattedValue(PlainTextFormatter.MimeType, $"Wall time: {timer.Elapsed.TotalMilliseconds}ms")])));
            return Task.CompletedTask;
        });
    }
}

/// <summary>
/// Gives a Plotly.NET chart the plotly mime type beside Plotly.NET.Interactive's HTML, so Jupyter
/// front ends and the site draw the figure with their own plotly.js instead of the CDN script the
/// HTML loads.
/// </summary>
public static class PlotlyFigure
{
    public const string MimeType = "application/vnd.plotly.v1+json";

    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(Json(chart)), MimeType);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(PlainText(chart)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType, MimeType, PlainTextFormatter.MimeType);
    }

    // A chart is serialised once for both of our mime types (a 3D surface's figure runs to megabytes).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GenericChart, string> Serialised = new();

    private static string Json(GenericChart chart) => Serialised.GetValue(chart, c => GenericChart.toJson(c));

    /// <summary>"Plotly chart: TITLE", the chart's text for a terminal.</summary>
    public static string PlainText(GenericChart chart)
    {
        using var figure = System.Text.Json.JsonDocument.Parse(Json(chart));
        string? title = null;
        if (figure.RootElement.TryGetProperty("layout", out var layout) && layout.TryGetProperty("title", out var t))
        {
            title = t.ValueKind == System.Text.Json.JsonValueKind.String ? t.GetString()
                : t.ValueKind == System.Text.Json.JsonValueKind.Object && t.TryGetProperty("text", out var text) ? text.GetString() : null;
        }
        return string.IsNullOrWhiteSpace(title) ? "Plotly chart" : $"Plotly chart: {title}";
    }
}
