using Threadwise.Cli.Fixing;

namespace Threadwise.Cli.Tests;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Changed_line_is_shown_with_three_lines_of_context()
    {
        string before = Lines(1, 10);
        string after = before.Replace("line 5\n", "line five\n", StringComparison.Ordinal);

        Assert.Equal(
            """
            --- a/src/A.cs
            +++ b/src/A.cs
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """,
            Diff("src/A.cs", before, after));
    }

    [Fact]
    public void Distant_changes_make_separate_hunks_and_near_ones_share_one()
    {
        string before = Lines(1, 30);
        string after = before
            .Replace("line 3\n", "", StringComparison.Ordinal)
            .Replace("line 9\n", "line 9\nline 9b\n", StringComparison.Ordinal)
            .Replace("line 25\n", "line 25!\n", StringComparison.Ordinal);

        string diff = Diff("A.cs", before, after);

        Assert.Equal(["@@ -1,12 +1,12 @@", "@@ -22,7 +22,7 @@"], diff.Split('\n').Where(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("-line 3\n", diff);
        Assert.Contains("+line 9b\n", diff);
    }

    [Fact]
    public void Crlf_lines_keep_their_carriage_return_so_the_diff_applies()
    {
        string diff = Diff("A.cs", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n");

        Assert.Equal("--- a/A.cs\n+++ b/A.cs\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n", diff);
    }

    [Fact]
    public void Missing_line_break_at_the_end_is_marked()
    {
        string diff = Diff("A.cs", "a\nb", "a\nb\nc\n");

        Assert.Equal("--- a/A.cs\n+++ b/A.cs\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n", diff);
    }

    [Fact]
    public void Equal_texts_give_no_diff() => Assert.Equal("", Diff("A.cs", "a\nb\n", "a\nb\n"));

    [Fact]
    public void Insertion_into_an_empty_file_starts_at_line_zero() =>
        Assert.Equal("--- a/A.cs\n+++ b/A.cs\n@@ -0,0 +1 @@\n+a\n", Diff("A.cs", "", "a\n"));

    private static string Diff(string path, string before, string after)
    {
        var writer = new StringWriter { NewLine = "\r\n" }; // the diff writes "\n" itself, whatever the platform
        UnifiedDiff.Write(writer, path, before, after);
        return writer.ToString();
    }

    private static string Lines(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"line {i}\n"));
}
