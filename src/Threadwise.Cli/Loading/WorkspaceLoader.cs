using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace Threadwise.Cli.Loading;

/// <summary>The loaded projects to analyze and everything that went wrong while loading.</summary>
internal sealed record LoadResult(MSBuildWorkspace Workspace, IReadOnlyList<Project> Projects, IReadOnlyList<string> Problems);

/// <summary>Loads a target with MSBuildWorkspace; a project that fails is reported and the others still load.</summary>
internal static class WorkspaceLoader
{
    public static async Task<LoadResult> LoadAsync(
        AnalysisTarget target, IReadOnlyDictionary<string, string> properties, ProgressLine progress, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create(properties.ToDictionary(p => p.Key, p => p.Value));
        var problems = new List<string>();
        var loadProgress = new Progress(progress);

        if (target.SolutionPath is not null)
        {
            try
            {
                await workspace.OpenSolutionAsync(target.SolutionPath, loadProgress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"{target.SolutionPath}: the solution could not be loaded: {e.Message}");
            }
        }
        else
        {
            foreach (string projectPath in target.ProjectPaths)
            {
                if (FindByPath(workspace.CurrentSolution, projectPath).Any())
                {
                    continue; // already loaded as a reference of an earlier project
                }

                try
                {
                    await workspace.OpenProjectAsync(projectPath, loadProgress, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    problems.Add($"{projectPath}: the project could not be loaded: {e.Message}");
                }
            }
        }

        problems.InsertRange(0, workspace.Diagnostics
            .Where(d => d.Kind == WorkspaceDiagnosticKind.Failure)
            .Select(d => d.Message)
            .Distinct(StringComparer.Ordinal));

        IReadOnlyList<Project> projects;
        if (target.SolutionPath is not null)
        {
            // Only the projects the solution lists: one it references from elsewhere is loaded but not analyzed or fixed.
            IReadOnlySet<string>? listed = SolutionProjects.Read(target.SolutionPath);
            projects = workspace.CurrentSolution.Projects
                .Where(p => p.Language == LanguageNames.CSharp && (listed is null || p.FilePath is { } path && listed.Contains(path)))
                .ToList();
        }
        else
        {
            // Only the named projects: a project reference (even the analyzer reference of a sample) is loaded but not analyzed.
            projects = target.ProjectPaths.SelectMany(p => FindByPath(workspace.CurrentSolution, p)).ToList();
            foreach (string missing in target.ProjectPaths.Where(p => !FindByPath(workspace.CurrentSolution, p).Any()))
            {
                if (!problems.Any(p => p.Contains(missing, StringComparison.Ordinal)))
                {
                    problems.Add($"{missing}: the project could not be loaded.");
                }
            }
        }

        return new LoadResult(workspace, projects.OrderBy(p => p.FilePath, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList(), problems);
    }

    private static IEnumerable<Project> FindByPath(Solution solution, string path) =>
        solution.Projects.Where(p => p.Language == LanguageNames.CSharp &&
                                     string.Equals(p.FilePath, path, StringComparison.OrdinalIgnoreCase));

    private sealed class Progress(ProgressLine line) : IProgress<ProjectLoadProgress>
    {
        public void Report(ProjectLoadProgress value)
        {
            string framework = string.IsNullOrEmpty(value.TargetFramework) ? "" : $" ({value.TargetFramework})";
            line.Report($"loading {Path.GetFileName(value.FilePath)}{framework}: {value.Operation.ToString().ToLowerInvariant()} done");
        }
    }
}
