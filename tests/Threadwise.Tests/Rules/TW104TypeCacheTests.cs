using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 does not follow the miss path of a static cache keyed by type: it runs once per type per process (FreeSql reads an
/// entity's XML documentation the first time it builds the entity's table description, behind
/// <c>if (tbc.TryGetValue(entity, out var trytb)) return trytb;</c>; 34 chains from its async query builders). A cache keyed
/// by a string, an instance cache, and a leaf before the lookup are followed.
/// </summary>
public class TW104TypeCacheTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;

        """;

    private const string Tables = """
        sealed class TableInfo
        {
            public string Comment = "";
        }

        static class Comments
        {
            public static string Read(Type type) => File.ReadAllText(type.Assembly.Location + ".xml");
        }

        static class Utils
        {
            private static readonly ConcurrentDictionary<int, ConcurrentDictionary<Type, TableInfo>> s_byDatabase = new();
            private static readonly Dictionary<Type, TableInfo> s_plain = new();

            public static TableInfo GetTableByEntity(Type entity, int database)
            {
                var tables = s_byDatabase.GetOrAdd(database, _ => new ConcurrentDictionary<Type, TableInfo>());
                if (tables.TryGetValue(entity, out var table)) return table;
                table = new TableInfo { Comment = Comments.Read(entity) };
                tables.AddOrUpdate(entity, table, (_, _) => table);
                return table;
            }

            public static TableInfo GetPlain(Type entity)
            {
                if (!s_plain.TryGetValue(entity, out var table))
                {
                    table = new TableInfo { Comment = Comments.Read(entity) };
                    s_plain[entity] = table;
                }

                return table;
            }
        }

        """;

    [Fact]
    public Task Ignores_chains_through_the_miss_path_of_a_static_cache_keyed_by_type() => Verify.VerifyAnalyzerAsync(Usings + Tables + """
        sealed class Select<T>
        {
            private string ToSql() => Utils.GetTableByEntity(typeof(T), 1).Comment + Utils.GetPlain(typeof(T)).Comment;

            public async Task<string> ToListAsync()
            {
                await Task.Yield();
                return ToSql();
            }
        }
        """);

    [Fact]
    public Task Flags_chains_through_caches_keyed_otherwise_or_kept_per_object() => Verify.VerifyAnalyzerAsync(Usings + Tables + """
        sealed class Pages
        {
            private static readonly ConcurrentDictionary<string, string> s_byUrl = new();
            private readonly Dictionary<Type, string> _byType = new();

            private static string Page(string url)
            {
                if (s_byUrl.TryGetValue(url, out var page)) return page;
                page = File.ReadAllText(url);
                s_byUrl.TryAdd(url, page);
                return page;
            }

            private string Describe(Type type)
            {
                if (_byType.TryGetValue(type, out var text)) return text;
                text = Comments.Read(type);
                _byType[type] = text;
                return text;
            }

            private static string Eager(Type type)
            {
                var text = Comments.Read(type);
                return Utils.GetPlain(type).Comment + text;
            }

            public async Task<string> LoadAsync(string url)
            {
                await Task.Yield();
                return [|Page(url)|] + [|Describe(typeof(string))|];
            }

            public async Task<string> LoadEagerlyAsync()
            {
                await Task.Yield();
                return [|Eager(typeof(int))|];
            }
        }
        """);
}
