using System.Text;
using System.Text.RegularExpressions;
using Threadwise.Tests.Infrastructure;

namespace Threadwise.Tests.Samples;

/// <summary>
/// Builds every project under samples/ and checks that the Threadwise warnings it reports are exactly the lines marked
/// with <c>// expect: TWxxx</c> comments — nothing missing, nothing extra. All samples are built once, together
/// (<see cref="SampleBuild"/>); each test checks its own project's warnings.
/// </summary>
[Collection(SampleCollection.Name)]
public sealed class SampleTests(SampleBuild samples)
{
    /// <summary>Diagnostics that mean an analyzer did not load or crashed; a sample build must have none.</summary>
    private static readonly string[] s_analyzerFailureIds = ["AD0001", "CS8032", "CS8033", "CS8034", "CS8784", "CS8785"];

    public static TheoryData<string> SampleProjects() => new(ProjectPaths());

    /// <summary>Every sample project, repository-relative with '/' separators, in ordinal order.</summary>
    public static IReadOnlyList<string> ProjectPaths()
    {
        string samples = RepositoryRoot.Combine("samples");
        if (!Directory.Exists(samples))
        {
            return [];
        }

        return Directory.EnumerateFiles(samples, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(Path.GetRelativePath(samples, p)))
            .Order(StringComparer.Ordinal)
            .Select(project => Path.GetRelativePath(RepositoryRoot.Path, project).Replace('\\', '/'))
            .ToList();
    }

    [Theory]
    [MemberData(nameof(SampleProjects))]
    public void Sample_reports_exactly_the_expected_Threadwise_warnings(string project)
    {
        string projectPath = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, project));
        string projectDirectory = Path.GetDirectoryName(projectPath)!;
        IReadOnlyList<ExpectedDiagnostic> expected = ExpectComments.Collect(projectDirectory);

        DotnetResult build = samples.Result.EnsureSuccess();

        IReadOnlyList<BuildDiagnostic> all = samples.DiagnosticsOf(projectPath);
        var failures = all.Where(d => s_analyzerFailureIds.Contains(d.Id)).ToList();
        Assert.True(
            failures.Count == 0,
            $"{project}: the analyzers failed to load or crashed:{Environment.NewLine}" +
            string.Join(Environment.NewLine, failures.Select(f => "  " + f)) + Environment.NewLine + build.Describe());

        var reported = all
            .Where(d => d.Id.StartsWith("TW", StringComparison.Ordinal))
            .Select(d => (File: RelativeTo(projectDirectory, d.File), d.Line, d.Id, d.Message))
            .ToList();

        var expectedKeys = expected.Select(e => (e.File, e.Line, e.Id)).ToHashSet();
        var reportedKeys = reported.Select(r => (r.File, r.Line, r.Id)).ToHashSet();

        var missing = expected.Where(e => !reportedKeys.Contains((e.File, e.Line, e.Id))).ToList();
        var unexpected = reported
            .Where(r => !expectedKeys.Contains((r.File, r.Line, r.Id)))
            .DistinctBy(r => (r.File, r.Line, r.Id))
            .ToList();

        if (missing.Count == 0 && unexpected.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine($"{project}: the Threadwise warnings differ from the `// expect:` comments.");
        if (missing.Count > 0)
        {
            message.AppendLine($"Missing ({missing.Count}) — expected but not reported:");
            foreach (ExpectedDiagnostic e in missing.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line))
            {
                message.AppendLine($"  {e.File}:{e.Line} {e.Id}    {e.LineText.Trim()}");
            }
        }

        if (unexpected.Count > 0)
        {
            message.AppendLine($"Unexpected ({unexpected.Count}) — reported but not expected:");
            foreach (var r in unexpected.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line))
            {
                message.AppendLine($"  {r.File}:{r.Line} {r.Id}: {r.Message}");
                message.AppendLine($"      {ExpectComments.LineText(Path.Combine(projectDirectory, r.File), r.Line).Trim()}");
            }
        }

        message.AppendLine($"Expected {expected.Count}, reported {reportedKeys.Count} (unique file+line+id).");
        message.AppendLine($"Build: `{build.CommandLine}` ({build.Elapsed.TotalSeconds:0.0} s).");
        Assert.Fail(message.ToString());
    }

    private static string RelativeTo(string directory, string file)
    {
        string full = Path.IsPathRooted(file) ? file : Path.Combine(directory, file);
        return Path.GetRelativePath(directory, Path.GetFullPath(full)).Replace('\\', '/');
    }

    internal static bool IsBuildOutput(string relativePath) =>
        relativePath.Replace('\\', '/').Split('/').Any(part => part is "bin" or "obj");
}

/// <summary>A diagnostic a source line declares with <c>// expect: TW101</c> (or <c>// expect: TW101, TW102</c>).</summary>
/// <param name="File">Path relative to the scanned folder, with '/' separators.</param>
public sealed record ExpectedDiagnostic(string File, int Line, string Id, string LineText);

/// <summary>Reads <c>// expect: ID[, ID...]</c> comments at the end of source lines.</summary>
public static partial class ExpectComments
{
    [GeneratedRegex(@"//\s*expect:\s*(?<ids>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectComment();

    /// <summary>All expectations in the .cs files under the folder (bin/ and obj/ excluded), one per line and ID.</summary>
    public static IReadOnlyList<ExpectedDiagnostic> Collect(string directory)
    {
        var result = new List<ExpectedDiagnostic>();
        foreach (string file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !SampleTests.IsBuildOutput(Path.GetRelativePath(directory, f)))
                     .Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            result.AddRange(Parse(relative, File.ReadAllText(file)));
        }

        return result;
    }

    /// <summary>The expectations in one source text; <paramref name="file"/> is used as given.</summary>
    public static IEnumerable<ExpectedDiagnostic> Parse(string file, string source)
    {
        string[] lines = source.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = ExpectComment().Match(lines[i]);
            if (!m.Success)
            {
                continue;
            }

            foreach (string id in m.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
            {
                yield return new ExpectedDiagnostic(file, i + 1, id.ToUpperInvariant(), lines[i]);
            }
        }
    }

    /// <summary>The text of a 1-based line of a file, or a note when it cannot be read.</summary>
    public static string LineText(string path, int line)
    {
        try
        {
            string[] lines = File.ReadAllLines(path);
            return line >= 1 && line <= lines.Length ? lines[line - 1] : $"(line {line} not in file)";
        }
        catch (IOException e)
        {
            return $"({e.Message})";
        }
    }
}
