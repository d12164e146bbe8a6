using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A source method that only reads or updates in-memory collections (a dictionary lookup through an auto-property and
/// a helper class, an extension of its own) does not block, whatever its …Async sibling does: puppeteer-sharp's
/// GetFrame(id) / GetFrameAsync(id) (which waits for the frame to be attached) and GetSession / GetSessionAsync. Neither
/// TW102 at the call nor TW104 as a leaf. Still reported: a sibling pair whose sync body writes to a stream, invokes a
/// delegate, or is reached through virtual dispatch.
/// </summary>
public class TW102InMemoryLookupTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;

        """;

    private const string Frames = """
        static class DictionaryExtensions
        {
            public static TValue GetValue<TKey, TValue>(this IDictionary<TKey, TValue> dictionary, TKey key)
            {
                dictionary.TryGetValue(key, out var value);
                return value;
            }
        }

        sealed class WaitingDictionary<TKey, TValue>
        {
            private readonly ConcurrentDictionary<TKey, TValue> _items = new();
            private readonly ConcurrentDictionary<TKey, TaskCompletionSource<TValue>> _pending = new();

            public ICollection<TValue> Values => _items.Values;

            public TValue GetValueOrDefault(TKey key) => _items.GetValue(key);

            public Task<TValue> GetItemAsync(TKey key)
            {
                if (_items.TryGetValue(key, out var value))
                {
                    return Task.FromResult(value);
                }

                return _pending.GetOrAdd(key, _ => new TaskCompletionSource<TValue>()).Task;
            }
        }

        sealed class Frame { public string Id = ""; }

        sealed class FrameTree
        {
            private readonly Dictionary<string, Frame> _frames = new();

            public Frame GetById(string id)
            {
                _frames.TryGetValue(id, out var frame);
                return frame;
            }

            public Task<Frame> GetByIdAsync(string id) => Task.FromResult(GetById(id));
        }

        sealed class FrameManager
        {
            private readonly WaitingDictionary<string, Frame> _sessions = new();

            internal FrameTree Tree { get; } = new FrameTree();

            public Frame GetFrame(string id) => Tree.GetById(id);

            public async Task<Frame> GetFrameAsync(string id)
            {
                await Task.Yield();
                return Tree.GetById(id);
            }

            public Frame GetSession(string id) => _sessions.GetValueOrDefault(id);

            public Task<Frame> GetSessionAsync(string id) => _sessions.GetItemAsync(id);

            private void OnFrameAttached(string id)
            {
                var frame = GetFrame(id);
                frame?.Id.ToString();
            }

            public async Task HandleAsync(string id)
            {
                await Task.Yield();
                var frame = GetFrame(id);
                var session = GetSession(id);
                OnFrameAttached(id);
            }
        }

        """;

    [Fact]
    public Task Ignores_calls_of_source_methods_that_only_look_up_collections() => TW102.VerifyAnalyzerAsync(Usings + Frames);

    [Fact]
    public Task Ignores_chains_to_source_methods_that_only_look_up_collections() => TW104.VerifyAnalyzerAsync(Usings + Frames);

    private const string Pairs = """
        interface IStore
        {
            string Load(string key);
            Task<string> LoadAsync(string key);
        }

        sealed class Journal
        {
            private readonly Stream _file = File.OpenWrite("journal.log");
            private readonly Dictionary<string, string> _cache = new();
            private readonly Func<string, string> _fetch = key => key;

            public string Read(string key)
            {
                _file.WriteByte(1);
                return _cache.TryGetValue(key, out var value) ? value : "";
            }

            public Task<string> ReadAsync(string key) => Task.FromResult(key);

            public string Fetch(string key) => _cache.TryGetValue(key, out var value) ? value : _fetch(key);

            public Task<string> FetchAsync(string key) => Task.FromResult(key);
        }

        """;

    [Fact]
    public Task Flags_sync_siblings_that_write_invoke_a_delegate_or_dispatch_virtually() => TW102.VerifyAnalyzerAsync(Usings + Pairs + """
        sealed class Reader
        {
            public async Task<string> RunAsync(Journal journal, IStore store)
            {
                await Task.Yield();
                return [|journal.Read("a")|] + [|journal.Fetch("b")|] + [|store.Load("c")|];
            }
        }
        """);

    [Fact]
    public Task Flags_chains_to_sync_siblings_that_write_or_invoke_a_delegate() => TW104.VerifyAnalyzerAsync(Usings + Pairs + """
        sealed class Reader
        {
            private static string Both(Journal journal) => journal.Read("a") + journal.Fetch("b");

            public async Task<string> RunAsync(Journal journal)
            {
                await Task.Yield();
                return [|Both(journal)|];
            }
        }
        """);
}
