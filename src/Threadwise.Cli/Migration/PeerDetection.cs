using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Cli.Migration;

/// <summary>A peer package found in the loaded projects: its versions and the projects that reference it.</summary>
internal sealed record DetectedPeer(PeerPackage Package, IReadOnlyList<string> Versions, IReadOnlyList<string> Projects);

/// <summary>
/// Finds the peer analyzer packages of loaded projects from their analyzer references: what a design-time build hands the
/// compiler (<c>Analyzer</c> items), whether it came from a <c>PackageReference</c>, a central package version or the .NET
/// SDK itself (the CA rules, present unless <c>EnableNETAnalyzers</c> is false). No MSBuild evaluation of our own.
/// </summary>
internal static class PeerDetection
{
    public static IReadOnlyList<DetectedPeer> Find(IEnumerable<Project> projects)
    {
        var found = new List<(PeerPackage Package, string Version, string Project)>();
        foreach (Project project in projects)
        {
            foreach (AnalyzerReference reference in project.AnalyzerReferences)
            {
                if (reference.FullPath is { } path && PeerPackage.ForAssembly(path) is { } package)
                {
                    found.Add((package, VersionOf(package, path), ProjectName(project)));
                }
            }
        }

        return PeerPackage.All
            .Select(package => (package, uses: found.Where(f => f.Package == package).ToList()))
            .Where(p => p.uses.Count > 0)
            .Select(p => new DetectedPeer(
                p.package,
                p.uses.Select(u => u.Version).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                p.uses.Select(u => u.Project).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>
    /// The version from the path: a NuGet folder (<c>.../asyncfixer/2.1.0/analyzers/...</c>) or the SDK folder
    /// (<c>.../sdk/10.0.401/Sdks/...</c>, shown as <c>SDK 10.0.401</c>); empty when neither is there.
    /// </summary>
    internal static string VersionOf(PeerPackage package, string path)
    {
        string[] parts = path.Replace('\\', '/').Split('/');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (string.Equals(parts[i], package.Id, StringComparison.OrdinalIgnoreCase) && parts[i + 1].Length > 0 && char.IsDigit(parts[i + 1][0]))
            {
                return parts[i + 1];
            }

            if (string.Equals(parts[i], "sdk", StringComparison.OrdinalIgnoreCase) && i + 2 < parts.Length &&
                string.Equals(parts[i + 2], "Sdks", StringComparison.OrdinalIgnoreCase))
            {
                return "SDK " + parts[i + 1];
            }
        }

        return "";
    }

    // A multi-targeting project loads once per framework ("Lib(net8.0)"): report it once.
    private static string ProjectName(Project project)
    {
        int paren = project.Name.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? project.Name[..paren] : project.Name;
    }
}
