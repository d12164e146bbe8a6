using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Cpu.TW201CpuHeavyLoopAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A loop that sorts each element's own part of a collection — a GroupBy's group, the items a filter picks for the
/// element, the rules a helper selects for the argument it is given — sorts the collection once, in parts: per element,
/// not a product of two unknown sizes, so no evidence of heavy work (the sorts of Cleanuparr's and N_m3u8DL-RE's
/// controllers and download managers). A sort of the whole collection in every iteration, and a helper that sorts what
/// it is given whole, stay a product.
/// </summary>
public class TW201SortedPartsTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        public sealed record History(int Item, int Episode, DateTime RecordedAt, int Score);
        public sealed record Stream(string Language, long Bandwidth);
        public sealed record Rule(int ClientId, int Priority, int Id);
        public sealed record Client(int Id, string Name);
        public sealed record Episode(int Id, int SeriesId, int Season, int Number);
        public sealed class Asset { public int[] Qualities = Array.Empty<int>(); public List<int> Heights = new(); }

        """;

    // ---- must not flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_each_group_of_a_GroupBy_sorted_on_its_own() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ScoreStats
        {
            public async Task<int> CountUpgradesAsync(Func<Task<List<History>>> load)
            {
                var history = await load();
                var upgrades = 0;
                foreach (var group in history.GroupBy(h => new { h.Item, h.Episode }))
                {
                    var ordered = group.OrderBy(h => h.RecordedAt).ToList();
                    for (int i = 1; i < ordered.Count; i++)
                    {
                        if (ordered[i].Score > ordered[i - 1].Score)
                            upgrades++;
                    }
                }

                return upgrades;
            }
        }
        """);

    [Fact]
    public Task Ignores_the_items_a_filter_picks_for_each_element_sorted() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class StreamSelector
        {
            public async Task<List<Stream>> BestPerLanguageAsync(Func<Task<List<Stream>>> parse)
            {
                var audios = await parse();
                var selected = new List<Stream>();
                var languages = audios.DistinctBy(a => a.Language).Select(a => a.Language);
                foreach (var language in languages)
                {
                    selected.Add(audios.Where(a => a.Language == language).OrderByDescending(a => a.Bandwidth).First());
                }

                return selected;
            }

            public async Task<List<string>> EpisodeNamesAsync(Func<Task<List<Episode>>> load, int[] ids)
            {
                var episodes = await load();
                var names = new List<string>();
                foreach (var group in ids.GroupBy(id => episodes.First(e => e.Id == id).SeriesId))
                {
                    names.AddRange(episodes
                        .Where(e => group.Any(id => id == e.Id))
                        .OrderBy(e => e.Season)
                        .ThenBy(e => e.Number)
                        .Select(e => $"S{e.Season:00}E{e.Number:00}"));
                }

                return names;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_that_sorts_the_rules_of_the_client_it_is_given() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class RuleHelper
        {
            public static List<Rule> ForClient(Client client, List<Rule> rules) =>
                rules.Where(r => r.ClientId == client.Id).OrderBy(r => r.Priority).ThenBy(r => r.Id).ToList();
        }

        public sealed class ConfigController
        {
            public async Task<Dictionary<string, List<Rule>>> GetAsync(Func<Task<List<Client>>> clients, Func<Task<List<Rule>>> rules)
            {
                var allClients = await clients();
                var allRules = await rules();
                var result = new Dictionary<string, List<Rule>>();
                foreach (var client in allClients)
                {
                    result[client.Name] = RuleHelper.ForClient(client, allRules);
                }

                return result;
            }
        }
        """);

    // TwitchDownloader's clip assets: each asset's own handful of video qualities sorted in place.
    [Fact]
    public Task Ignores_a_member_of_each_element_sorted_in_place() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ClipClient
        {
            public async Task<List<Asset>> AssetsAsync(Func<Task<List<Asset>>> fetch)
            {
                var assets = await fetch();
                foreach (var asset in assets)
                {
                    Array.Sort(asset.Qualities);
                    Array.Sort(asset.Qualities, Comparer<int>.Create((a, b) => b - a));
                    asset.Heights.Sort();
                }

                return assets;
            }
        }
        """);

    // ---- must flag -----------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_whole_collection_sorted_in_every_iteration() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Ranking
        {
            public async Task<List<int>> RanksAsync(Func<Task<List<History>>> load)
            {
                var history = await load();
                var ranks = new List<int>();
                [|foreach (var entry in history)|]
                {
                    var ordered = history.OrderBy(h => h.Score).ToList();
                    ranks.Add(ordered.IndexOf(entry));
                }

                return ranks;
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_that_sorts_the_whole_list_it_is_given_for_each_client() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class RuleHelper
        {
            public static Rule Top(Client client, List<Rule> rules) =>
                rules.OrderBy(r => r.Priority).First();
        }

        public sealed class ConfigController
        {
            public async Task<Dictionary<string, Rule>> GetAsync(Func<Task<List<Client>>> clients, Func<Task<List<Rule>>> rules)
            {
                var allClients = await clients();
                var allRules = await rules();
                var result = new Dictionary<string, Rule>();
                [|foreach (var client in allClients)|]
                {
                    result[client.Name] = RuleHelper.Top(client, allRules);
                }

                return result;
            }
        }
        """);

    [Fact]
    public Task Flags_a_filter_that_does_not_depend_on_the_element() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class StreamSelector
        {
            public async Task<List<Stream>> BestAsync(Func<Task<List<Stream>>> parse, string preferred)
            {
                var audios = await parse();
                var selected = new List<Stream>();
                [|foreach (var audio in audios)|]
                {
                    selected.Add(audios.Where(a => a.Language == preferred).OrderByDescending(a => a.Bandwidth).First());
                }

                return selected;
            }
        }
        """);

    [Fact]
    public Task Flags_a_whole_array_or_list_sorted_in_place_in_every_iteration() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ClipClient
        {
            public async Task<int> RankAsync(Func<Task<List<Asset>>> fetch, int[] all, List<int> heights)
            {
                var assets = await fetch();
                var rank = 0;
                [|foreach (var asset in assets)|]
                {
                    Array.Sort(all);
                    rank += Array.IndexOf(all, asset.Qualities.Length);
                }

                [|foreach (var asset in assets)|]
                {
                    heights.Sort();
                    rank += heights.IndexOf(asset.Heights.Count);
                }

                return rank;
            }
        }
        """);
}
