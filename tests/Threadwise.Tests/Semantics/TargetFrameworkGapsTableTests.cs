using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Threadwise.Semantics;
using Threadwise.Tests.Verifiers;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// Checks <see cref="TargetFrameworkGaps"/>'s table against the reference assemblies it describes: every listed method
/// exists in .NET 10, exists in .NET 8 exactly when its first .NET version is 8 or lower, and is missing from
/// netstandard2.0 and .NET Framework 4.7.2 (the entries are there because those lack them).
/// </summary>
public class TargetFrameworkGapsTableTests
{
    [Fact]
    public async Task Every_entry_is_where_the_table_says_and_nowhere_older()
    {
        var netStandard20 = await ReferenceAssemblies.NetStandard.NetStandard20.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var net472 = await ReferenceAssemblies.NetFramework.Net472.Default.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var net100 = Compile(ReferenceSets.Net100);
        var net80 = Compile(ReferenceSets.Net80);
        var standard = Compile(netStandard20);
        var desktop = Compile(net472);

        var problems = new List<string>();
        foreach (var (id, core, _) in TargetFrameworkGaps.Table)
        {
            if (!Has(net100, id))
            {
                problems.Add(id + ": not in .NET 10");
            }

            if (Has(net80, id) != core <= new Version(8, 0))
            {
                problems.Add(id + ": in .NET 8 is " + Has(net80, id) + ", but the table says it came in " + core);
            }

            if (Has(standard, id))
            {
                problems.Add(id + ": netstandard2.0 has it");
            }

            if (Has(desktop, id))
            {
                problems.Add(id + ": net472 has it");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static Compilation Compile(ImmutableArray<MetadataReference> references) =>
        CSharpCompilation.Create("Gaps", references: references);

    // M:Ns.Type.Name names every overload; M:Ns.Type.Name(params) one.
    private static bool Has(Compilation compilation, string id)
    {
        var body = id.Substring(2);
        var paren = body.IndexOf('(');
        var path = paren < 0 ? body : body.Substring(0, paren);
        var dot = path.LastIndexOf('.');
        var type = compilation.GetTypeByMetadataName(path.Substring(0, dot));
        if (type is null)
        {
            return false;
        }

        foreach (var member in type.GetMembers(path.Substring(dot + 1)))
        {
            if (member is IMethodSymbol method && (paren < 0 || method.GetDocumentationCommentId() == id))
            {
                return true;
            }
        }

        return false;
    }
}
