using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Threadwise.Tests.Infrastructure.LongChainsFirst", "Threadwise.Tests")]

namespace Threadwise.Tests.Infrastructure;

/// <summary>
/// Starts the collections that are long single chains first, the others after them in discovery order. The sample build
/// and the package tests each wait on a minute of <c>dotnet</c> child processes that no other test can shorten, and the
/// robustness classes are the longest in-process ones; in xUnit's default order (a hash of each collection) the package
/// tests started last and ran alone at the end, one core idle.
/// </summary>
public sealed class LongChainsFirst : ITestCollectionOrderer
{
    private static readonly string[] s_first =
    [
        Samples.SampleCollection.Name,
        typeof(Package.PackageTests).FullName!,
        typeof(Robustness.BrokenCodeTests).FullName!,
        typeof(Robustness.CorpusTests).FullName!,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank);

    // A class without a [Collection] is alone in "Test collection for <full class name>".
    private static int Rank(ITestCollection collection)
    {
        for (var i = 0; i < s_first.Length; i++)
        {
            if (collection.DisplayName == s_first[i] || collection.DisplayName.EndsWith(" " + s_first[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return s_first.Length;
    }
}
