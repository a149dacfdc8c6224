using System.Diagnostics;

namespace Neurons.Workbook.Tests.Site;

/// <summary>
/// Debian's headless chromium, run on a page opened from disk with every host name unresolvable,
/// so a page that needed the network would show it. No browser is ever downloaded.
/// </summary>
internal static class Chromium
{
    public static string Executable => Environment.GetEnvironmentVariable("NEURONS_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>The page's DOM after its scripts ran (plotly drew, KaTeX typeset).</summary>
    public static string DumpDom(string page) => Run(page, "--dump-dom").Output;

    public static void Screenshot(string page, string png, int width = 1200, int height = 2000, params string[] flags) =>
        Run(page, [$"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", .. flags]);

    /// <summary>
    /// Opens a copy of <paramref name="page"/> (beside it, so its assets load) with <paramref name="script"/>
    /// added at the end of its body, at <paramref name="width"/> CSS pixels, and returns what the
    /// script left as JSON in the body's data-probe attribute once the page has loaded and drawn.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject Probe(string page, int width, string script, params string[] flags)
    {
        var html = File.ReadAllText(page);
        var folder = Path.GetDirectoryName(page)!;
        var name = $".probe-{Guid.NewGuid():N}";
        var copy = Path.Combine(folder, $"{name}-{Path.GetFileName(page)}");
        // The probe leaves its result on its own body, and tells a parent page too (see below).
        const string report = "new MutationObserver(function () { var p = document.body.getAttribute('data-probe'); if (p && window.parent !== window) window.parent.postMessage(p, '*'); })" +
                              ".observe(document.body, { attributes: true });";
        File.WriteAllText(copy, html.Replace("</body>", "<script>\n" + script + "\n" + report + "\n</script>\n</body>", StringComparison.Ordinal));
        // Headless chromium's window is never narrower than 500 px; a narrower screen is an iframe
        // of that width, whose page lays out at it, with its result passed up by postMessage.
        var frame = Path.Combine(folder, $"{name}-frame.html");
        if (width < MinimumWindowWidth)
        {
            File.WriteAllText(frame,
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{margin:0} iframe{border:0;display:block}</style></head><body>" +
                $"<iframe src=\"{Uri.EscapeDataString(Path.GetFileName(copy))}\" width=\"{width}\" height=\"1000\"></iframe>" +
                "<script>window.addEventListener('message', function (e) { document.body.setAttribute('data-probe', e.data); });</script></body></html>");
        }
        try
        {
            var target = width < MinimumWindowWidth ? frame : copy;
            var dom = Run(target, ["--dump-dom", $"--window-size={Math.Max(width, MinimumWindowWidth)},1000", "--hide-scrollbars", .. flags]).Output;
            var probe = System.Text.RegularExpressions.Regex.Match(dom, "<body[^>]* data-probe=\"([^\"]*)\"");
            if (!probe.Success) throw new InvalidOperationException($"The probe left nothing on {Path.GetFileName(page)} at {width} px.");
            return System.Text.Json.Nodes.JsonNode.Parse(System.Net.WebUtility.HtmlDecode(probe.Groups[1].Value))!.AsObject();
        }
        finally
        {
            File.Delete(copy);
            File.Delete(frame);
        }
    }

    private const int MinimumWindowWidth = 500;

    private static (string Output, string Errors) Run(string page, params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"The browser test needs chromium at {Executable} and it is not there: install Debian's chromium " +
                "(bash .ci/run does: apt-get install chromium), or set NEURONS_CHROMIUM to another chromium.");
        }
        var profile = Directory.CreateTempSubdirectory("neurons-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--no-first-run", "--disable-extensions", "--disable-component-update",
                         "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={profile}",
                         "--virtual-time-budget=10000",
                     })
                start.ArgumentList.Add(argument);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.ArgumentList.Add(new Uri(Path.GetFullPath(page)).AbsoluteUri);

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Executable} did not finish with {page} within two minutes.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Executable} exited with {process.ExitCode} on {page}:\n{errors.Result}");
            return (output.Result, errors.Result);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
