using Neurons.Workbook.Commands;

namespace Neurons.Workbook.Tests;

/// <summary>
/// The run's own report is out of the cells' reach: cells run in the engine process, and what a cell
/// prints reaches the terminal only through <c>--show</c>, with its control characters neutralised.
/// </summary>
public sealed class RunReportTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public RunReportTests() => _folder.WriteFile(Workspace.SolutionFile, "");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_cell_cannot_silence_the_report_or_drive_the_terminal()
    {
        _folder.Notebook("notebooks/01-rude.ipynb",
            "Console.SetOut(new System.IO.StringWriter()); Console.SetError(new System.IO.StringWriter());",
            "\"\\u001b[2J\\u001b[31mred\\u0007\"",
            "var x = 1;\nx.Missing()");

        var (exit, output, errors) = Cli("run", "--show");

        Assert.Equal(1, exit);
        Assert.Matches(@"01-rude\.ipynb  cell   1 \(code cell   1\) +\d+\.\d\d s  ok\n", output);
        Assert.Matches(@"01-rude\.ipynb  cell   3 \(code cell   3\) +\d+\.\d\d s  error\n", output);
        Assert.Contains("    \\u001B[2J\\u001B[31mred\\u0007\n", output);
        Assert.DoesNotContain('\u001b', output + errors);
        Assert.StartsWith("error: 01-rude.ipynb, cell 3 (code cell 3), line 2: error CS1061", errors);
    }

    private (int Exit, string Output, string Errors) Cli(params string[] arguments) => WorkbookCli.Run(_folder.Path, arguments);
}
