namespace Threadwise.Cli.Migration;

/// <summary>A peer analyzer package, recognised by the file names of the analyzer assemblies it adds to a project.</summary>
/// <param name="Id">The NuGet package ID (for the .NET analyzers, the package the SDK ships them from).</param>
/// <param name="AssemblyNames">Analyzer assembly file names without extension; any one of them marks the package.</param>
internal sealed record PeerPackage(string Id, string DisplayName, IReadOnlyList<string> AssemblyNames)
{
    public static readonly PeerPackage VisualStudioThreading = new(
        "Microsoft.VisualStudio.Threading.Analyzers",
        "Microsoft.VisualStudio.Threading.Analyzers",
        ["Microsoft.VisualStudio.Threading.Analyzers", "Microsoft.VisualStudio.Threading.Analyzers.CSharp"]);

    public static readonly PeerPackage AsyncFixer = new("AsyncFixer", "AsyncFixer", ["AsyncFixer"]);

    public static readonly PeerPackage Meziantou = new("Meziantou.Analyzer", "Meziantou.Analyzer", ["Meziantou.Analyzer"]);

    /// <summary>The CA rules: in the .NET SDK (on by default from net5.0, <c>EnableNETAnalyzers</c>) or from the package.</summary>
    public static readonly PeerPackage NetAnalyzers = new(
        "Microsoft.CodeAnalysis.NetAnalyzers",
        ".NET analyzers (CA)",
        ["Microsoft.CodeAnalysis.NetAnalyzers", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers"]);

    public static readonly PeerPackage Sonar = new("SonarAnalyzer.CSharp", "SonarAnalyzer.CSharp", ["SonarAnalyzer.CSharp"]);

    public static readonly PeerPackage Roslynator = new(
        "Roslynator.Analyzers", "Roslynator.Analyzers", ["Roslynator.CSharp.Analyzers", "Roslynator.Analyzers"]);

    public static IReadOnlyList<PeerPackage> All { get; } = [VisualStudioThreading, AsyncFixer, Meziantou, NetAnalyzers, Sonar, Roslynator];

    /// <summary>The package an analyzer assembly belongs to, by its file name; null for any other assembly.</summary>
    public static PeerPackage? ForAssembly(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return All.FirstOrDefault(p => p.AssemblyNames.Contains(name, StringComparer.OrdinalIgnoreCase));
    }
}
