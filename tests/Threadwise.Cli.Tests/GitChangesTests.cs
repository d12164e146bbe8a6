using System.Diagnostics;
using Threadwise.Cli.Baselines;

namespace Threadwise.Cli.Tests;

/// <summary>--since: files changed since a ref (committed, staged, unstaged) plus untracked ones, as full paths.</summary>
public sealed class GitChangesTests
{
    [Fact]
    public void Lists_committed_staged_unstaged_and_untracked_changes_but_not_ignored_or_unchanged_files()
    {
        string repo = TestPaths.NewScratchFolder("git");
        Git(repo, "init", "-q");
        CodeBases.Write(repo, ".gitignore", "bin/\n");
        CodeBases.Write(repo, "src/Unchanged.cs", "class A { }");
        CodeBases.Write(repo, "src/Committed.cs", "class B { }");
        CodeBases.Write(repo, "src/Staged.cs", "class C { }");
        CodeBases.Write(repo, "src/Edited.cs", "class D { }");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "first");
        Git(repo, "tag", "start");
        CodeBases.Write(repo, "src/Committed.cs", "class B { int x; }");
        Git(repo, "commit", "-q", "-am", "second");
        CodeBases.Write(repo, "src/Staged.cs", "class C { int y; }");
        Git(repo, "add", "src/Staged.cs");
        CodeBases.Write(repo, "src/Edited.cs", "class D { int z; }");
        CodeBases.Write(repo, "src/New file.cs", "class E { }");
        CodeBases.Write(repo, "bin/Ignored.cs", "class F { }");

        // Asked from a subfolder, as for a target below the repository root.
        var changed = GitChanges.ChangedFiles(Path.Combine(repo, "src"), "start", out string? error);

        Assert.True(changed is not null, error);
        Assert.Equal(
            new[] { "Committed.cs", "Edited.cs", "New file.cs", "Staged.cs" },
            changed.Select(p => Path.GetRelativePath(Path.Combine(repo, "src"), p)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_ref_that_names_no_commit_is_an_error()
    {
        string repo = TestPaths.NewScratchFolder("git");
        Git(repo, "init", "-q");
        CodeBases.Write(repo, "a.cs", "class A { }");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "first");

        Assert.Null(GitChanges.ChangedFiles(repo, "no-such-branch", out string? error));
        Assert.Contains("names no commit", error);
        Assert.Null(GitChanges.ChangedFiles(repo, "--output=x", out error));
        Assert.Contains("is not a git ref", error);
    }

    private static void Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git", ["-C", directory, "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}
