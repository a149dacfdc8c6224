using System.Text;
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

    [Fact]
    public void Clean_keeps_line_endings_escapes_and_odd_indentation_byte_for_byte()
    {
        // CRLF line endings, escapes VS Code would not write, a tab where spaces are elsewhere, a BOM.
        static string Odd(string json) => "\uFEFF" + json
            .Replace("héllo", "h\\u00e9llo")
            .Replace("\"$w_1", "\"\\u0024w_1")
            .Replace("   \"cell_type\": \"markdown\"", "\t\"cell_type\": \"markdown\"")
            .Replace("\n", "\r\n");
        var odd = Odd(Executed);
        Assert.All(new[] { "h\\u00e9llo", "\"\\u0024w_1", "\r\n\t\"cell_type\": \"markdown\"" }, part => Assert.Contains(part, odd));
        var path = _folder.WriteFile("odd.ipynb", odd);

        var result = NotebookCleaner.Clean(path);

        Assert.Equal(new CleanResult("odd.ipynb", 1, 1), result);
        Assert.Equal(Encoding.UTF8.GetBytes(Odd(Cleaned)), File.ReadAllBytes(path));
    }

    [Fact]
    public void Kernel_metadata_a_front_end_saved_is_restored_and_nothing_else_changes()
    {
        const string Saved = """
          "kernelspec": {
           "display_name": ".NET (C#)",
           "language": "C#",
           "name": ".net-csharp"
          },
        """;
        const string Jupyter = """
          "kernelspec": {
           "display_name": "Neurons C#",
           "language": "C#",
           "name": "neurons-csharp"
          },
          "language_info": {
           "file_extension": ".cs",
           "mimetype": "text/x-csharp",
           "name": "C#",
           "pygments_lexer": "csharp",
           "version": "13.0"
          },
        """;
        const string Committed = """
          "kernelspec": {
           "display_name": ".NET (C#)",
           "language": "C#",
           "name": ".net-csharp"
          },
          "language_info": {
           "name": "polyglot-notebook"
          },
        """;
        var path = _folder.WriteFile("saved.ipynb", Cleaned.Replace(Saved, Jupyter));

        var result = NotebookCleaner.Clean(path);

        Assert.Equal(new CleanResult("saved.ipynb", 0, 0, 2), result);
        Assert.Equal(Cleaned.Replace(Saved, Committed), File.ReadAllText(path));
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_naming_the_byte_and_left_alone()
    {
        var bytes = Encoding.UTF8.GetBytes(Executed);
        var offset = Executed.IndexOf("∑", StringComparison.Ordinal);
        offset = Encoding.UTF8.GetByteCount(Executed[..offset]);
        bytes[offset] = 0xFF;
        var path = Path.Combine(_folder.Path, "latin.ipynb");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<NotebookException>(() => NotebookCleaner.Clean(path));

        Assert.Equal($"latin.ipynb: not UTF-8: byte {offset} (0xFF) does not belong to a UTF-8 character; save the notebook as UTF-8", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_read_only_notebook_with_outputs_is_refused_and_left_alone()
    {
        var path = _folder.WriteFile("locked.ipynb", Executed);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        var clean = _folder.WriteFile("locked-clean.ipynb", Cleaned);
        File.SetUnixFileMode(clean, UnixFileMode.UserRead);

        var error = Assert.Throws<NotebookException>(() => NotebookCleaner.Clean(path));

        Assert.Equal("locked.ipynb: is read-only, so clean leaves it as it is; make it writable to clean it", error.Message);
        Assert.Equal(Executed, File.ReadAllText(path));
        Assert.False(NotebookCleaner.Clean(clean).Changed);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_link_is_kept_and_the_file_it_points_to_is_cleaned_keeping_its_permissions()
    {
        var target = _folder.WriteFile("real/target.ipynb", Executed);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var link = Path.Combine(_folder.Path, "link.ipynb");
        File.CreateSymbolicLink(link, "real/target.ipynb");

        var result = NotebookCleaner.Clean(link);

        Assert.Equal(new CleanResult("link.ipynb", 1, 1), result);
        Assert.Equal("real/target.ipynb", new FileInfo(link).LinkTarget);
        Assert.Equal(Cleaned, File.ReadAllText(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(["target.ipynb"], Directory.GetFiles(Path.Combine(_folder.Path, "real")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_key_given_twice_is_refused_by_clean_and_reported_by_check()
    {
        var path = _folder.WriteFile("twice.ipynb", "{\"cells\":[],\"cells\":[]}");

        var error = Assert.Throws<NotebookException>(() => NotebookCleaner.Clean(path));
        var problem = Assert.Single(NotebookChecker.Check(path));

        Assert.StartsWith("twice.ipynb: not valid JSON: ", error.Message);
        Assert.Contains("'cells'", error.Message);
        Assert.Equal(error.Message, problem.Message);
        Assert.True(problem.Blocks);
        Assert.Equal("{\"cells\":[],\"cells\":[]}", File.ReadAllText(path));
    }

    /// <summary>The same JSON with each leading space repeated <paramref name="width"/> times.</summary>
    private static string Reindent(string json, int width) => string.Join('\n', json.Split('\n').Select(line =>
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return new string(' ', spaces * width) + line[spaces..];
    }));
}
