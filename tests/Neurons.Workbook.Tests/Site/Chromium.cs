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

    public static void Screenshot(string page, string png, int width = 1200, int height = 2000) =>
        Run(page, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

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
