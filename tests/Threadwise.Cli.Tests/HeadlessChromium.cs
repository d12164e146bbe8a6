using System.Diagnostics;

namespace Threadwise.Cli.Tests;

/// <summary>
/// Debian's Chromium, headless, for loading a page as a browser does (<c>--dump-dom</c>, <c>--screenshot</c>). The flags
/// keep it off the network (this machine's is closed) and out of the sandbox, which needs privileges a root CI job lacks.
/// </summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    public static bool IsInstalled => File.Exists(Path);

    /// <summary>The DOM after the page loaded and rendered, serialized.</summary>
    public static string DumpDom(string htmlFile) => Run("--dump-dom", new Uri(htmlFile).AbsoluteUri);

    /// <summary>Renders the page into a PNG of the given size.</summary>
    public static void Screenshot(string htmlFile, string pngFile, int width, int height) =>
        Run($"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlFile).AbsoluteUri);

    private static string Run(params string[] args)
    {
        string profile = TestPaths.NewScratchFolder("chromium-profile");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
                 }.Concat(args))
        {
            start.ArgumentList.Add(flag);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(' ', args)} did not finish in {s_timeout.TotalSeconds} s:\n{error.Result}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium {string.Join(' ', args)} exited with {process.ExitCode}:\n{error.Result}");
        }

        return output.Result;
    }
}
