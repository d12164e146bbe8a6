using System.Diagnostics;

namespace Threadwise.Cli.Baselines;

/// <summary>
/// The files changed since a git ref, for <c>--since</c>: <c>git diff --name-only &lt;ref&gt;</c> (committed, staged and
/// unstaged changes) plus untracked files that are not ignored, as full paths.
/// </summary>
internal static class GitChanges
{
    /// <summary>The changed files below the repository holding <paramref name="directory"/>; null with a message on failure.</summary>
    public static IReadOnlySet<string>? ChangedFiles(string directory, string gitRef, out string? error)
    {
        error = null;
        if (gitRef.Length == 0 || gitRef.StartsWith('-'))
        {
            error = $"--since '{gitRef}' is not a git ref.";
            return null;
        }

        (int code, string output, string stderr) = Git(directory, "rev-parse", "--show-prefix");
        if (code != 0)
        {
            error = code == -1
                ? $"--since needs git, which could not be started: {stderr}"
                : $"--since needs a git repository, and '{directory}' is not inside one ({stderr.Trim()}).";
            return null;
        }

        // The repository root in the same path space as the target (git itself reports it with symbolic links resolved).
        int depth = output.Trim().Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        string root = Path.GetFullPath(Path.Combine([directory, .. Enumerable.Repeat("..", depth)]));

        (code, _, stderr) = Git(root, "rev-parse", "--verify", "--quiet", gitRef + "^{commit}");
        if (code != 0)
        {
            error = $"--since '{gitRef}' names no commit in the repository at '{root}'.";
            return null;
        }

        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (string[] args in new[]
        {
            new[] { "diff", "--name-only", "-z", gitRef, "--" },
            new[] { "ls-files", "--others", "--exclude-standard", "-z" },
        })
        {
            (code, output, stderr) = Git(root, args);
            if (code != 0)
            {
                error = $"git {string.Join(' ', args)} failed: {stderr.Trim()}";
                return null;
            }

            foreach (string file in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                files.Add(Path.GetFullPath(Path.Combine(root, file)));
            }
        }

        return files;
    }

    private static (int ExitCode, string Stdout, string Stderr) Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git", ["-C", directory, "-c", "core.quotepath=off", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }
}
