using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Threadwise.Tests.Verifiers;

/// <summary>
/// The framework references a test compiles against. The default is .NET 10 from Basic.Reference.Assemblies.Net100: it
/// ships the reference assemblies in the package, so nothing is downloaded while tests run.
/// </summary>
/// <remarks>
/// What resolves on the project's package source (checked 2026-12): Basic.Reference.Assemblies.Net80/Net90/Net100
/// 1.8.14 (package references); through Microsoft.CodeAnalysis.Testing's own download of reference packs,
/// <see cref="ReferenceAssemblies.NetStandard.NetStandard20"/> (NETStandard.Library 2.0.3) and
/// <see cref="ReferenceAssemblies.NetFramework.Net472"/> (Microsoft.NETFramework.ReferenceAssemblies.net472 1.0.3).
/// Basic.Reference.Assemblies.NetStandard20 and .Net472 are not served, and neither is
/// Microsoft.CodeAnalysis.CSharp.CodeRefactoring.Testing.
/// </remarks>
public static class ReferenceSets
{
    /// <summary>No reference pack: the references come from <see cref="TestState"/>'s additional references alone.</summary>
    private static readonly ReferenceAssemblies s_none = new("net10.0");

    public static ImmutableArray<MetadataReference> Net100 { get; } = [.. Basic.Reference.Assemblies.Net100.References.All];

    public static ImmutableArray<MetadataReference> Net80 { get; } = [.. Basic.Reference.Assemblies.Net80.References.All];

    /// <summary>Sets the test's references to .NET 10 (the default of every verifier).</summary>
    public static void UseNet100(AnalyzerTest<DefaultVerifier> test) => UseBasic(test, Net100);

    public static void UseNet80(AnalyzerTest<DefaultVerifier> test) => UseBasic(test, Net80);

    /// <summary>netstandard2.0: no Task.WaitAsync, no Parallel.ForEachAsync, no IAsyncDisposable.</summary>
    public static void UseNetStandard20(AnalyzerTest<DefaultVerifier> test) => UsePack(test, ReferenceAssemblies.NetStandard.NetStandard20);

    /// <summary>.NET Framework 4.7.2, as a user on the desktop framework compiles.</summary>
    public static void UseNet472(AnalyzerTest<DefaultVerifier> test) => UsePack(test, ReferenceAssemblies.NetFramework.Net472.Default);

    private static void UseBasic(AnalyzerTest<DefaultVerifier> test, ImmutableArray<MetadataReference> references)
    {
        RemoveFramework(test);
        test.ReferenceAssemblies = s_none;
        test.TestState.AdditionalReferences.AddRange(references);
    }

    private static void UsePack(AnalyzerTest<DefaultVerifier> test, ReferenceAssemblies pack)
    {
        RemoveFramework(test);
        test.ReferenceAssemblies = pack;
    }

    private static void RemoveFramework(AnalyzerTest<DefaultVerifier> test)
    {
        var framework = new HashSet<MetadataReference>(Net100.Concat(Net80));
        test.TestState.AdditionalReferences.RemoveAll(framework.Contains);
    }
}
