using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A call given a constant enum member named CacheOnly reads only what is cached: no request, a completed task
/// (Discord.Net's GetUserAsync(id, CacheMode.CacheOnly)). Any other mode, or a mode passed through, may download.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string Guilds = """
        enum CacheMode { AllowDownload, CacheOnly }

        interface IUser { }

        interface IGuild
        {
            Task<IUser> GetUserAsync(ulong id, CacheMode mode = CacheMode.AllowDownload);
            Task<IUser> GetOwnerAsync(CacheMode mode);
        }

        """;

    // ---- must not flag: cache-only reads -----------------------------------------------------------------------

    [Fact]
    public Task Ignores_waits_on_cache_only_reads() => Verify.VerifyAnalyzerAsync(Usings + Guilds + """
        static class MessageHelper
        {
            public static IUser GetAuthor(IGuild guild, ulong id)
            {
                var author = guild.GetUserAsync(id, CacheMode.CacheOnly).Result;
                return author ?? guild.GetOwnerAsync(mode: CacheMode.CacheOnly).GetAwaiter().GetResult();
            }

            public static IUser GetMentioned(IGuild guild, ulong id) => guild?.GetUserAsync(id, CacheMode.CacheOnly).GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_a_wait_on_a_cache_only_read_in_a_property() => Verify.VerifyAnalyzerAsync(Usings + Guilds + """
        sealed class Message
        {
            private readonly IGuild _guild;
            private readonly ulong _authorId;

            public Message(IGuild guild, ulong authorId) => (_guild, _authorId) = (guild, authorId);

            public IUser Author => _guild.GetUserAsync(_authorId, CacheMode.CacheOnly).Result;
        }
        """);

    // ---- must flag: reads that may download ----------------------------------------------------------------------

    [Fact]
    public Task Flags_waits_on_reads_that_may_download() => Verify.VerifyAnalyzerAsync(Usings + Guilds + """
        static class MessageHelper
        {
            public static IUser GetAuthor(IGuild guild, ulong id, CacheMode mode)
            {
                var author = [|guild.GetUserAsync(id).Result|];
                return author ?? [|guild.GetOwnerAsync(mode).GetAwaiter().GetResult()|];
            }
        }
        """);
}
