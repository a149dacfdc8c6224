using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Neurons.Workbook.Site;

/// <summary>
/// Prints chapter pages to PDF with Debian's headless chromium, from a private copy of the site
/// (a new temporary folder only this process can read, removed afterwards), with every host name
/// unresolvable so nothing is fetched. WebGL charts (chapter 5's 3D surface) draw on SwiftShader,
/// chromium's software renderer. The dates chromium writes into a PDF are fixed, so the same
/// pages give the same bytes.
/// </summary>
public sealed partial class PdfPrinter
{
    /// <summary>Where the export looks for chromium unless NEURONS_CHROMIUM names another.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    // A4 with the print stylesheet's margins (@page in site.css): 210 mm less 2 × 14 mm is 182 mm,
    // 688 CSS pixels. The page is laid out at that width, so the charts are drawn to fit it.
    private const int PrintWidth = 688;

    // The same length as chromium's own D:YYYYMMDDHHmmSS+00'00', so no offset in the file moves.
    private const string FixedDate = "D:20000101000000+00'00'";

    private readonly TimeSpan _timeout;

    private PdfPrinter(string executable, TimeSpan timeout)
    {
        Executable = executable;
        _timeout = timeout;
    }

    public string Executable { get; }

    /// <summary>The chromium the export prints with.</summary>
    /// <exception cref="InvalidOperationException">Chromium is not there; the message says how to get it, or to pass --no-pdf.</exception>
    public static PdfPrinter Find(string? executable = null, TimeSpan? timeout = null)
    {
        executable ??= Environment.GetEnvironmentVariable("NEURONS_CHROMIUM") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"export prints each chapter to PDF with chromium, and there is no chromium at {executable}: " +
                "install Debian's chromium (apt-get install chromium), set NEURONS_CHROMIUM to a chromium, or pass --no-pdf to export without PDFs");
        }
        return new PdfPrinter(executable, timeout ?? TimeSpan.FromMinutes(2));
    }

    /// <summary>Prints each page of <paramref name="site"/> named in <paramref name="pages"/>.</summary>
    /// <param name="site">Every file of the site, as the export will write it.</param>
    /// <param name="pages">Each page to print and the name of its PDF.</param>
    /// <returns>Each PDF as (name, bytes), in the order of <paramref name="pages"/>.</returns>
    internal IReadOnlyList<(string Path, byte[] Bytes)> Print(IReadOnlyList<(string Path, byte[] Bytes)> site, IReadOnlyList<(string Page, string Pdf)> pages)
    {
        var scratch = Directory.CreateTempSubdirectory("neurons-print-");
        try
        {
            var root = Path.Combine(scratch.FullName, "site");
            foreach (var (path, bytes) in site)
            {
                var file = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                stream.Write(bytes);
            }
            var printed = new List<(string, byte[])>();
            foreach (var (page, pdf) in pages)
            {
                var output = Path.Combine(scratch.FullName, "out.pdf");
                var profile = Directory.CreateDirectory(Path.Combine(scratch.FullName, "profile-" + printed.Count)).FullName;
                Run(Path.Combine(root, page), output, profile);
                printed.Add((pdf, FixDates(Relink(File.ReadAllBytes(output), root))));
                File.Delete(output);
            }
            return printed;
        }
        finally
        {
            try { scratch.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private void Run(string page, string output, string profile)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                     "--disable-extensions", "--disable-component-update", "--disable-sync", "--mute-audio",
                     "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                     "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={profile}",
                     $"--window-size={PrintWidth},1000", "--hide-scrollbars",
                     "--virtual-time-budget=20000", "--no-pdf-header-footer", $"--print-to-pdf={output}",
                     new Uri(page).AbsoluteUri,
                 })
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable} to print {Path.GetFileName(page)}");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Executable} did not print {Path.GetFileName(page)} within {_timeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0 || !File.Exists(output) || new FileInfo(output).Length == 0)
        {
            var tail = string.Join("\n", errors.Result.Split('\n').Where(l => l.Length > 0).TakeLast(5));
            throw new InvalidOperationException($"{Executable} could not print {Path.GetFileName(page)} (exit code {process.ExitCode}):\n{tail}");
        }
    }

    /// <summary>
    /// The PDF with its links into the private copy of the site (chromium writes them as absolute
    /// file:// addresses of the temporary folder) made relative, so they lead from the PDF to the
    /// pages and notebooks beside it, and the same pages print to the same bytes. The cross-reference
    /// table's offsets, which the shorter links move, are corrected to match.
    /// </summary>
    internal static byte[] Relink(byte[] pdf, string siteRoot)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var prefix = "(" + new Uri(Path.TrimEndingDirectorySeparator(siteRoot) + "/").AbsoluteUri;
        var positions = new List<int>();
        for (var at = text.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = text.IndexOf(prefix, at + prefix.Length, StringComparison.Ordinal))
            positions.Add(at);
        if (positions.Count == 0) return pdf;

        var removed = prefix.Length - 1;
        int Moved(int offset) => offset - removed * positions.Count(p => p < offset);
        var relinked = new StringBuilder(text.Length);
        var from = 0;
        foreach (var at in positions)
        {
            relinked.Append(text, from, at - from).Append('(');
            from = at + prefix.Length;
        }
        relinked.Append(text, from, text.Length - from);
        var result = relinked.ToString();

        // The classic table Skia writes: "xref\n0 N\n" then N entries of 20 bytes, then the trailer and startxref.
        var table = result.LastIndexOf("\nxref\n0 ", StringComparison.Ordinal);
        var startxref = result.LastIndexOf("\nstartxref\n", StringComparison.Ordinal);
        if (table < 0 || startxref < table) throw new InvalidDataException("the PDF chromium printed has no cross-reference table to correct");
        var header = result.IndexOf('\n', table + 6);
        var count = int.Parse(result[(table + 8)..header], System.Globalization.CultureInfo.InvariantCulture);
        var entries = new StringBuilder(result, 0, header + 1, result.Length);
        for (var i = 0; i < count; i++)
        {
            var entry = result.Substring(header + 1 + i * 20, 20);
            if (entry[17] == 'n')
            {
                var offset = int.Parse(entry[..10], System.Globalization.CultureInfo.InvariantCulture);
                entry = Moved(offset).ToString("D10", System.Globalization.CultureInfo.InvariantCulture) + entry[10..];
            }
            entries.Append(entry);
        }
        var afterTable = header + 1 + count * 20;
        entries.Append(result, afterTable, startxref - afterTable);
        var valueStart = startxref + "\nstartxref\n".Length;
        var valueEnd = result.IndexOf('\n', valueStart);
        var oldTableOffset = int.Parse(result[valueStart..valueEnd], System.Globalization.CultureInfo.InvariantCulture);
        entries.Append("\nstartxref\n").Append(Moved(oldTableOffset).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(result, valueEnd, result.Length - valueEnd);
        return Encoding.Latin1.GetBytes(entries.ToString());
    }

    /// <summary>The PDF with its creation and modification dates set to one fixed date of the same length.</summary>
    internal static byte[] FixDates(byte[] pdf)
    {
        // Latin-1 maps every byte to one char and back, so the binary streams survive untouched.
        var text = Encoding.Latin1.GetString(pdf);
        var fixedText = PdfDate().Replace(text, match =>
        {
            var replaced = match.Groups[1].Value + FixedDate + ")";
            return replaced.Length == match.Length ? replaced : match.Value;
        });
        return Encoding.Latin1.GetBytes(fixedText);
    }

    [GeneratedRegex(@"(/(?:CreationDate|ModDate) \()D:\d{14}[+\-Z](?:\d\d'\d\d')?\)")]
    private static partial Regex PdfDate();
}
