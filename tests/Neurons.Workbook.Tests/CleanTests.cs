using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Tests;

public sealed class CleanTests : IDisposable
{
    // As VS Code writes it: one-space indent, keys in its order, text unescaped, a trailing newline.
    private const string Executed = """
        {
         "cells": [
          {
           "cell_type": "code",
           "execution_count": 2,
           "id": "a1",
           "metadata": {
            "polyglot_notebook": {
             "kernelName": "csharp"
            }
           },
           "outputs": [
            {
             "name": "stdout",
             "output_type": "stream",
             "text": [
              "héllo <b> ∑ 🙂\n"
             ]
            }
           ],
           "source": [
            "Console.WriteLine(\"héllo <b> ∑ 🙂\");\n",
            "// tab\there, quote \" and backslash \\"
           ]
          },
          {
           "cell_type": "markdown",
           "id": "b2",
           "metadata": {},
           "source": [
            "$w_1 = 0.5$"
           ]
          }
         ],
         "metadata": {
          "kernelspec": {
           "display_name": ".NET (C#)",
           "language": "C#",
           "name": ".net-csharp"
          },
          "zeta": 1.50,
          "alpha": []
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """;

    private const string Cleaned = """
        {
         "cells": [
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "a1",
           "metadata": {
            "polyglot_notebook": {
             "kernelName": "csharp"
            }
           },
           "outputs": [],
           "source": [
            "Console.WriteLine(\"héllo <b> ∑ 🙂\");\n",
            "// tab\there, quote \" and backslash \\"
           ]
          },
          {
           "cell_type": "markdown",
           "id": "b2",
           "metadata": {},
           "source": [
            "$w_1 = 0.5$"
           ]
          }
         ],
         "metadata": {
          "kernelspec": {
           "display_name": ".NET (C#)",
           "language": "C#",
           "name": ".net-csharp"
          },
          "zeta": 1.50,
          "alpha": []
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """;

    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Clean_strips_outputs_and_counts_and_keeps_every_other_byte()
    {
        var path = _folder.WriteFile("executed.ipynb", Executed);

        var result = NotebookCleaner.Clean(path);

        Assert.Equal(Cleaned, File.ReadAllText(path));
        Assert.Equal(new CleanResult("executed.ipynb", 1, 1), result);
        Assert.Equal(["executed.ipynb"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Clean_keeps_a_missing_trailing_newline_and_another_indent()
    {
        var path = _folder.WriteFile("two.ipynb", Reindent(Executed.TrimEnd('\n'), 2));

        NotebookCleaner.Clean(path);

        Assert.Equal(Reindent(Cleaned.TrimEnd('\n'), 2), File.ReadAllText(path));
    }

    [Fact]
    public void A_clean_notebook_is_not_rewritten()
    {
        var path = _folder.WriteFile("clean.ipynb", Cleaned);
        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        var result = NotebookCleaner.Clean(path);

        Assert.False(result.Changed);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(Cleaned, File.ReadAllText(path));
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused_by_name_and_left_alone()
    {
        var path = _folder.WriteFile("broken.ipynb", "{ \"cells\": [ ");

        var error = Assert.Throws<NotebookException>(() => NotebookCleaner.Clean(path));

        Assert.StartsWith("broken.ipynb: not valid JSON: ", error.Message);
        Assert.Equal("{ \"cells\": [ ", File.ReadAllText(path));
    }

    /// <summary>The same JSON with each leading space repeated <paramref name="width"/> times.</summary>
    private static string Reindent(string json, int width) => string.Join('\n', json.Split('\n').Select(line =>
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return new string(' ', spaces * width) + line[spaces..];
    }));
}
