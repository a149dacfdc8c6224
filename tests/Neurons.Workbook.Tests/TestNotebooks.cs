using System.Text.Json.Nodes;
using Neurons.Workbook.Notebooks;
using Neurons.Workbook.Running;

namespace Neurons.Workbook.Tests;

/// <summary>Builds small Polyglot notebooks in a fresh temporary folder, shaped as VS Code saves them.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("workbook-test-").FullName;

    /// <summary>Writes a notebook; a cell starting with "md:" is markdown, any other is C#.</summary>
    public string Notebook(string name, params string[] cells)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, NotebookJson.Serialize(TestNotebooks.Build(cells)));
        return path;
    }

    public string WriteFile(string relative, string text)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

public static class TestNotebooks
{
    public static JsonObject Build(params string[] cells)
    {
        var array = new JsonArray();
        for (var i = 0; i < cells.Length; i++)
        {
            var markdown = cells[i].StartsWith("md:", StringComparison.Ordinal);
            var source = markdown ? cells[i][3..] : cells[i];
            array.Add(markdown
                ? new JsonObject
                {
                    ["cell_type"] = "markdown",
                    ["id"] = $"cell-{i + 1}",
                    ["metadata"] = new JsonObject(),
                    ["source"] = Lines(source),
                }
                : new JsonObject
                {
                    ["cell_type"] = "code",
                    ["execution_count"] = null,
                    ["id"] = $"cell-{i + 1}",
                    ["metadata"] = new JsonObject
                    {
                        ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                    },
                    ["outputs"] = new JsonArray(),
                    ["source"] = Lines(source),
                });
        }
        return new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject
                {
                    ["display_name"] = ".NET (C#)",
                    ["language"] = "C#",
                    ["name"] = ".net-csharp",
                },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject
                    {
                        ["defaultKernelName"] = "csharp",
                        ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                    },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
    }

    /// <summary>Source as Jupyter stores it: lines keeping their "\n", the last without.</summary>
    private static JsonArray Lines(string source)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                lines.Add(source[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < source.Length)
        {
            lines.Add(source[start..]);
        }
        return lines;
    }

    public static async Task<RunResult> RunAsync(string path, double timeoutSeconds = 120) =>
        await NotebookRunner.RunAsync(path, new RunOptions { CellTimeout = TimeSpan.FromSeconds(timeoutSeconds) });

    public static JsonArray Outputs(RunResult result, int cellNumber) =>
        (JsonArray)result.Notebook["cells"]![cellNumber - 1]!["outputs"]!;

    /// <summary>An output's text: its text/plain, else what its HTML shows (the kernel shows most values as HTML).</summary>
    public static string Text(JsonNode? output) =>
        output!["data"]!["text/plain"]?.GetValue<string>() ?? VisibleText.Of(output["data"]!["text/html"]!.GetValue<string>());
}

public static class Repository
{
    /// <summary>The folder holding Neurons.Notebooks.sln, above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Neurons.Notebooks.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Neurons.Notebooks.sln above {AppContext.BaseDirectory}");
    }

    public static string Notebooks => System.IO.Path.Combine(Root, "notebooks");
}
