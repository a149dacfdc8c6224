using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Running;

/// <summary>
/// Executes a notebook's C# cells top to bottom in one fresh Roslyn scripting session, the engine
/// the .NET Interactive C# kernel used, and returns the notebook with its outputs.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The C# kernel's default usings.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
    [
        "System", "System.Text", "System.Collections", "System.Collections.Generic",
        "System.Threading.Tasks", "System.Linq",
    ];

    // The kernel shows a cell's value when the submission ends in an expression with no semicolon
    // whose type is not void: `x + 1` and `nothing` (even when null), not `x;` nor `Console.Write(1)`.
    private static bool EndsInExpression(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Single();
        if (tree.GetRoot() is not CompilationUnitSyntax { Members: [.., GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last }] })
        {
            return false;
        }
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(last.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    // The process has one current directory; a notebook runs with it set to the notebook's folder
    // (the kernel starts there), so runs in one process take turns.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);
    private static readonly Lazy<ImmutableArray<MetadataReference>> PlotlyReferences = new(LoadPlotlyReferences);

    public static async Task<RunResult> RunAsync(string notebookPath, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var fullPath = Path.GetFullPath(notebookPath);
        var name = Path.GetFileName(fullPath);
        JsonObject notebook;
        try
        {
            notebook = NotebookJson.Read(fullPath);
        }
        catch (NotebookException e)
        {
            return new RunResult(fullPath, new JsonObject(), [], new RunFailure(name, null, null, null, FailureKind.Notebook, e.Detail));
        }
        if (notebook["cells"] is not JsonArray cells)
        {
            return new RunResult(fullPath, notebook, [], new RunFailure(name, null, null, null, FailureKind.Notebook, "not a notebook: no \"cells\" array"));
        }

        ConsoleRouter.Install();
        await OneAtATime.WaitAsync(cancellationToken);
        var previousDirectory = Environment.CurrentDirectory;
        try
        {
            var folder = Path.GetDirectoryName(fullPath)!;
            Environment.CurrentDirectory = folder;
            var session = new Session(name, folder, Path.GetFileNameWithoutExtension(fullPath), options);
            return await session.RunAsync(fullPath, notebook, cells, cancellationToken);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            OneAtATime.Release();
        }
    }

    private sealed class Session(string name, string folder, string stem, RunOptions options)
    {
        private readonly WorkbookGlobals _globals = new();
        private ScriptOptions _scriptOptions = ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .AddReferences(typeof(WorkbookGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithAllowUnsafe(true);
        private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);
        private bool _plotlyReferenced;
        private ScriptState<object?>? _state;

        public async Task<RunResult> RunAsync(string fullPath, JsonObject notebook, JsonArray cells, CancellationToken cancellationToken)
        {
            var executed = (JsonObject)notebook.DeepClone();
            var executedCells = (JsonArray)executed["cells"]!;
            var reports = new List<CellReport>();
            var codeCellCount = cells.Count(c => c is JsonObject o && NotebookJson.CellType(o) == "code");
            var codeNumber = 0;

            // Every code cell starts unexecuted; the run fills them in as it goes.
            foreach (var cell in executedCells.OfType<JsonObject>().Where(c => NotebookJson.CellType(c) == "code"))
            {
                cell["execution_count"] = null;
                cell["outputs"] = new JsonArray();
            }

            for (var index = 0; index < executedCells.Count; index++)
            {
                if (executedCells[index] is not JsonObject cell || NotebookJson.CellType(cell) != "code")
                {
                    continue;
                }
                cancellationToken.ThrowIfCancellationRequested();
                codeNumber++;
                options.OnCellStarting?.Invoke(new CellStart(name, index + 1, codeNumber, codeCellCount));
                var outputs = new CellOutputs(stem, index);
                var (compileTime, runTime, failure) = await ExecuteCellAsync(cell, index, codeNumber, outputs);
                var status = failure is null ? CellStatus.Ok : failure.Kind == FailureKind.Timeout ? CellStatus.TimedOut : CellStatus.Error;
                var cellOutputs = outputs.Snapshot();
                var report = new CellReport(name, index + 1, codeNumber, compileTime, runTime, status, (JsonArray)cellOutputs.DeepClone());
                reports.Add(report);
                cell["execution_count"] = codeNumber;
                cell["outputs"] = cellOutputs;
                options.OnCellFinished?.Invoke(report);
                if (failure is not null)
                {
                    return new RunResult(fullPath, executed, reports, failure);
                }
            }
            return new RunResult(fullPath, executed, reports, null);
        }

        private async Task<(TimeSpan Compile, TimeSpan Run, RunFailure? Failure)> ExecuteCellAsync(
            JsonObject cell, int index, int codeNumber, CellOutputs outputs)
        {
            if (NotebookJson.SourceText(cell) is not { } source)
            {
                outputs.AddError("NotebookError", NotebookJson.MalformedSource, [NotebookJson.MalformedSource]);
                return (TimeSpan.Zero, TimeSpan.Zero, Fail(index, codeNumber, null, FailureKind.Notebook, NotebookJson.MalformedSource));
            }
            var directives = CellDirectives.Parse(source, folder);
            if (directives.Problems.Count > 0)
            {
                var first = directives.Problems[0];
                outputs.AddError("DirectiveError", first.Message, directives.Problems.Select(p => $"line {p.Line}: {p.Message}"));
                return (TimeSpan.Zero, TimeSpan.Zero, Fail(index, codeNumber, first.Line, FailureKind.Directive, first.Message));
            }
            AddReferences(directives);
            var cellPath = $"{Path.Combine(folder, name)}#cell{index + 1}";
            var scriptOptions = _scriptOptions.WithFilePath(cellPath);
            var executionCount = codeNumber;

            var compileWatch = new Stopwatch();
            var runWatch = new Stopwatch();
            var done = new TaskCompletionSource<RunFailure?>(TaskCreationOptions.RunContinuationsAsynchronously);
            // Roslyn checks cancellation only between submissions, so a cell that never returns
            // cannot be stopped in-process: it runs on its own background thread, and on timeout the
            // runner abandons that thread and stops the run (the process exit ends it).
            var thread = new Thread(() =>
            {
                try
                {
                    ConsoleRouter.Capture(outputs);
                    // Numbers print the same on every machine, so exports are identical anywhere.
                    CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                    CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                    _globals.Outputs = outputs;
                    compileWatch.Start();
                    var script = _state is null
                        ? CSharpScript.Create<object?>(directives.Code, scriptOptions, typeof(WorkbookGlobals))
                        : _state.Script.ContinueWith<object?>(directives.Code, scriptOptions);
                    var diagnostics = script.Compile();
                    compileWatch.Stop();
                    var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    if (errors.Count > 0)
                    {
                        var first = errors[0];
                        var text = CompilerMessage(first);
                        outputs.AddError("CompilationError", text, errors.Select(e => $"line {LineOf(e)}: {CompilerMessage(e)}"));
                        done.SetResult(Fail(index, codeNumber, LineOf(first), FailureKind.Compilation, text));
                        return;
                    }
                    var hasResult = EndsInExpression(script);
                    runWatch.Start();
                    try
                    {
                        var state = _state is null
                            ? script.RunAsync(_globals).GetAwaiter().GetResult()
                            : script.RunFromAsync(_state).GetAwaiter().GetResult();
                        runWatch.Stop();
                        _state = state;
                        // As the kernel: a cell that ends in an expression (not a statement, not a
                        // void call) shows its value, even a null one, which shows as <null>.
                        if (hasResult)
                        {
                            outputs.Add(state.ReturnValue, executionCount);
                        }
                        done.SetResult(null);
                    }
                    catch (Exception e)
                    {
                        runWatch.Stop();
                        var text = $"{e.GetType().FullName}: {e.Message}";
                        outputs.AddError(e.GetType().FullName ?? e.GetType().Name, e.Message, [text, .. CellFrames(e)]);
                        done.SetResult(Fail(index, codeNumber, LineIn(e, cellPath), FailureKind.Exception, text));
                    }
                }
                catch (Exception e)
                {
                    // The runner's own failure (not the cell's): report it rather than hang.
                    done.TrySetResult(Fail(index, codeNumber, null, FailureKind.Exception, $"the runner failed: {e}"));
                }
                finally
                {
                    ConsoleRouter.Capture(null);
                }
            })
            {
                IsBackground = true,
                Name = $"{name} cell {index + 1}",
            };
            thread.Start();

            try
            {
                var failure = await done.Task.WaitAsync(options.CellTimeout);
                return (compileWatch.Elapsed, runWatch.Elapsed, failure); // read the watches after the cell ends
            }
            catch (TimeoutException)
            {
                var seconds = options.CellTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                var text = $"timed out after {seconds} s (the limit is set with --timeout); the cell was abandoned and the run stopped";
                outputs.AddError("TimeoutError", text, [text]);
                return (compileWatch.Elapsed, runWatch.Elapsed,
                        Fail(index, codeNumber, null, FailureKind.Timeout, text));
            }
        }

        private void AddReferences(CellDirectives directives)
        {
            var added = new List<MetadataReference>();
            if (directives.Packages.Count > 0 && !_plotlyReferenced)
            {
                added.AddRange(PlotlyReferences.Value);
                _plotlyReferenced = true;
            }
            foreach (var path in directives.ReferencePaths)
            {
                if (_referenced.Add(path))
                {
                    added.Add(MetadataReference.CreateFromFile(path));
                }
            }
            if (added.Count > 0)
            {
                _scriptOptions = _scriptOptions.AddReferences(added);
            }
        }

        private RunFailure Fail(int index, int codeNumber, int? line, FailureKind kind, string detail) =>
            new(name, index + 1, codeNumber, line, kind, detail);
    }

    private static string CompilerMessage(Diagnostic d) =>
        $"error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";

    private static int? LineOf(Diagnostic d) =>
        d.Location.IsInSource ? d.Location.GetLineSpan().StartLinePosition.Line + 1 : null;

    /// <summary>The line of the cell where the exception passed through the cell's own code.</summary>
    private static int? LineIn(Exception e, string cellPath)
    {
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetFileName() == cellPath && frame.GetFileLineNumber() > 0)
            {
                return frame.GetFileLineNumber();
            }
        }
        return null;
    }

    /// <summary>The exception's stack, without the runner's and Roslyn's frames below the cell.</summary>
    private static IEnumerable<string> CellFrames(Exception e)
    {
        var lines = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.TakeWhile(l => !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal));
    }

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        // The shared framework the runner runs on, as the kernel's compilation had it.
        var folder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            if (HasMetadata(file))
            {
                references.Add(MetadataReference.CreateFromFile(file));
            }
        }
        return references.ToImmutable();
    }

    private static ImmutableArray<MetadataReference> LoadPlotlyReferences()
    {
        // What the kernel would have referenced after restoring Plotly.NET.Interactive and
        // Plotly.NET.CSharp: the charting assemblies and their dependencies, all carried by the runner.
        Assembly[] assemblies =
        [
            typeof(Plotly.NET.GenericChart).Assembly,
            typeof(Plotly.NET.CSharp.Chart).Assembly,
            typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly,
            Assembly.Load(new AssemblyName("DynamicObj")),
            Assembly.Load(new AssemblyName("Giraffe.ViewEngine")),
            Assembly.Load(new AssemblyName("Newtonsoft.Json")),
        ];
        return [.. assemblies.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location))];
    }

    private static bool HasMetadata(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}

/// <summary>The globals a notebook's code sees, as in the C# kernel.</summary>
public sealed class WorkbookGlobals
{
    internal CellOutputs? Outputs { get; set; }

    /// <summary>Shows a value below the cell: a chart as the chart, anything else as its text.</summary>
#pragma warning disable IDE1006 // the kernel's name
    public void display(object? value) =>
        (Outputs ?? throw new InvalidOperationException("display(...) was called outside a running cell")).Add(value, null);
#pragma warning restore IDE1006
}
