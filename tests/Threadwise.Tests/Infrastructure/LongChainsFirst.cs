using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Threadwise.Tests.Infrastructure.LongChainsFirst", "Threadwise.Tests")]

namespace Threadwise.Tests.Infrastructure;

/// <summary>
/// Starts the child-process chains in the background and the longest in-process collections first. The sample build
/// (then the course programs) and the package chain (pack, then two consumers) each wait on a minute or more of
/// <c>dotnet</c> child processes that no other test can shorten. When their tests ran them, they held both xUnit threads
/// for the first ninety seconds while the in-process tests waited, and the cores were half idle. xUnit 2 has no assembly
/// fixture, and this orderer is the one hook that runs once, when the run starts, with the collections that will run (a
/// filtered run starts only the chains its tests need): it starts the chains on threads of their own, then orders the
/// robustness classes (the longest in-process ones) first and the chains' own tests last, by which time their results
/// are in.
/// </summary>
public sealed class LongChainsFirst : ITestCollectionOrderer
{
    private static readonly string[] s_first =
    [
        typeof(Robustness.BrokenCodeTests).FullName!,
        typeof(Robustness.CorpusTests).FullName!,
    ];

    private static readonly string[] s_last =
    [
        typeof(Package.PackageTests).FullName!,
        Samples.SampleCollection.Name,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var collections = testCollections.ToList();
        if (collections.Any(c => Is(c, Samples.SampleCollection.Name)))
        {
            Samples.SampleBuild.StartInBackground();
        }

        if (collections.Any(c => Is(c, typeof(Package.PackageTests).FullName!)))
        {
            Package.PackedPackage.StartInBackground();
        }

        return collections.OrderBy(Rank);
    }

    private static int Rank(ITestCollection collection)
    {
        for (var i = 0; i < s_first.Length; i++)
        {
            if (Is(collection, s_first[i]))
            {
                return i;
            }
        }

        for (var i = 0; i < s_last.Length; i++)
        {
            if (Is(collection, s_last[i]))
            {
                return s_first.Length + 1 + i;
            }
        }

        return s_first.Length;
    }

    // A class without a [Collection] is alone in "Test collection for <full class name>".
    private static bool Is(ITestCollection collection, string name) =>
        collection.DisplayName == name || collection.DisplayName.EndsWith(" " + name, StringComparison.Ordinal);
}
