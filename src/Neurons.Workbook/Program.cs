using System.CommandLine;
using System.Globalization;
using Neurons.Workbook.Commands;
using Neurons.Workbook.Engine;
using Neurons.Workbook.Running;
using Neurons.Workbook.Stdio;

var notebooksArgument = new Argument<string[]>("NOTEBOOK")
{
    Arity = ArgumentArity.ZeroOrMore,
    Description = "Notebooks to use (default: every notebooks/*.ipynb of the repository)",
};
var timeoutOption = new Option<double>("--timeout")
{
    Description = "Seconds one cell may run before the run is stopped",
    DefaultValueFactory = _ => RunOptions.DefaultTimeout.TotalSeconds,
};

var showOption = new Option<bool>("--show")
{
    Description = "Print each cell's text output under its result line",
};

var run = new Command("run", "Execute notebooks top to bottom on the C# kernel, one fresh engine each; stop at the first failing cell")
{
    notebooksArgument,
    timeoutOption,
    showOption,
};
run.SetAction((parse, cancel) => Guarded(() =>
    RunCommand.ExecuteAsync(Workspace.FindRoot(), parse.GetValue(notebooksArgument) ?? [], Timeout(parse.GetValue(timeoutOption)), parse.GetValue(showOption), cancel)));

var check = new Command("check", "Report every departure from the notebook conventions, without executing")
{
    notebooksArgument,
};
check.SetAction(parse => Guarded(() => Task.FromResult(CheckCommand.Execute(Workspace.FindRoot(), parse.GetValue(notebooksArgument) ?? []))).GetAwaiter().GetResult());

var clean = new Command("clean", "Strip outputs and execution counts in place (the only command that writes notebooks)")
{
    notebooksArgument,
};
clean.SetAction(parse => Guarded(() => Task.FromResult(CleanCommand.Execute(Workspace.FindRoot(), parse.GetValue(notebooksArgument) ?? []))).GetAwaiter().GetResult());

var outOption = new Option<string?>("--out")
{
    Description = $"Folder for the executed notebooks and the site (default: {ExportCommand.DefaultOut} under the repository)",
};
var noPdfOption = new Option<bool>("--no-pdf") { Description = "Write no PDF of each chapter (printing them needs chromium)" };
var export = new Command("export", "Execute every notebook, then write the executed notebooks and a static HTML site")
{
    outOption,
    timeoutOption,
    noPdfOption,
};
export.SetAction((parse, cancel) => Guarded(() =>
    ExportCommand.ExecuteAsync(Workspace.FindRoot(), parse.GetValue(outOption), Timeout(parse.GetValue(timeoutOption)), cancel, pdf: !parse.GetValue(noPdfOption))));

// The engine process the front doors start, one per notebook: the C# kernel behind .NET
// Interactive's KernelHost on stdin and stdout. Not for people, so hidden.
var workingDirOption = new Option<DirectoryInfo>("--working-dir")
{
    Description = "The folder cells run in (the notebook's)",
    DefaultValueFactory = _ => new DirectoryInfo(Environment.CurrentDirectory),
};
var kernelHostOption = new Option<string>("--kernel-host")
{
    Description = "The name of this kernel host in kernel:// URIs",
    DefaultValueFactory = _ => "workbook-engine",
};
var engine = new Command(EngineServer.CommandName, "Serve the C# kernel over stdio (started by the workbook itself)")
{
    workingDirOption,
    kernelHostOption,
};
engine.Hidden = true;
engine.SetAction((parse, _) => EngineServer.ServeAsync(parse.GetValue(workingDirOption)!, parse.GetValue(kernelHostOption)!));

var root = new RootCommand("Run, check, clean and export the workbook's notebooks on the real .NET Interactive C# kernel")
{
    run,
    check,
    clean,
    export,
    engine,
};

// The front door the Polyglot extension starts: "[vscode] stdio --working-dir DIR" (see Stdio/).
StdioFrontDoor.AddDirectives(root);
root.Add(StdioFrontDoor.CreateCommand(root.Directives.First(d => d.Name == StdioFrontDoor.VSCodeDirective)));

// The Jupyter front door: kernel install/uninstall and the command its kernelspec runs.
foreach (var command in Neurons.Workbook.Jupyter.JupyterCommands.Create())
{
    root.Add(command);
}
return await root.Parse(args).InvokeAsync();

static TimeSpan Timeout(double seconds) => Workspace.CellTimeout(seconds);

static async Task<int> Guarded(Func<Task<int>> command)
{
    try
    {
        return await command();
    }
    catch (UsageException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 2;
    }
}

