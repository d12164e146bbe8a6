using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An <c>MAsync</c> declared on an interface whose every implementation in the compilation only wraps <c>M</c> in a
/// completed task (couchbase's <c>IBucket.ScopeAsync</c>: <c>new(Scope(scopeName))</c>; <c>IScope.CollectionAsync</c>: a log
/// line and <c>new ValueTask&lt;..&gt;(Collection(name))</c>) is no counterpart: awaiting it runs <c>M</c> all the same.
/// </summary>
public class TW102InterfaceWrapperTwinTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_sync_members_whose_interface_twins_are_implemented_as_wrappers() => Verify.VerifyAnalyzerAsync(Usings + """
        public interface ICollection { string Name { get; } }

        public interface IScope
        {
            ICollection Collection(string name);
            ValueTask<ICollection> CollectionAsync(string name);
        }

        public interface IBucket
        {
            IScope Scope(string name);
            ValueTask<IScope> ScopeAsync(string name);
        }

        sealed class Collection : ICollection { public string Name { get; set; } = ""; }

        sealed class Scope : IScope
        {
            private readonly ConcurrentDictionary<string, ICollection> _collections = new();

            public ICollection Collection(string name) => _collections.GetOrAdd(name, n => new Collection { Name = n });

            public ValueTask<ICollection> CollectionAsync(string name)
            {
                Console.WriteLine("Fetching collection " + name);
                return new ValueTask<ICollection>(Collection(name));
            }
        }

        sealed class Bucket : IBucket
        {
            private readonly ConcurrentDictionary<string, IScope> _scopes = new();

            public IScope Scope(string name) => _scopes.GetOrAdd(name, _ => new Scope());

            public ValueTask<IScope> ScopeAsync(string name)
            {
                return new(Scope(name));
            }
        }

        sealed class Transaction
        {
            public async Task<string> LookupAsync(IBucket bucket, Func<Task> begin)
            {
                await begin();
                var scope = bucket.Scope("_default");
                return scope.Collection("docs").Name;
            }
        }
        """);

    [Fact]
    public Task Flags_sync_members_whose_interface_twins_have_a_real_or_no_implementation() => Verify.VerifyAnalyzerAsync(Usings + """
        public interface IStore
        {
            string Get(string key);
            Task<string> GetAsync(string key);
        }

        public interface IRemote
        {
            string Fetch(string key);
            Task<string> FetchAsync(string key);
        }

        // One wrapper, one implementation that really awaits.
        sealed class MemoryStore : IStore
        {
            public string Get(string key) => key;
            public Task<string> GetAsync(string key) => Task.FromResult(Get(key));
        }

        sealed class NetworkStore : IStore
        {
            public string Get(string key) => key;

            public async Task<string> GetAsync(string key)
            {
                await Task.Delay(10);
                return key;
            }
        }

        sealed class Reader
        {
            public async Task<string> ReadAsync(IStore store, IRemote remote, Func<Task> begin)
            {
                await begin();
                var local = [|store.Get("a")|];
                // No implementation in this compilation: another assembly implements it.
                return local + [|remote.Fetch("b")|];
            }
        }
        """);
}
