using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A library's implementation of its own public synchronous interface (no member returns an awaitable) over an
/// async-only SDK: the interface is the published contract, so the wait is a sync-contract bridge. Interfaces with async
/// members, internal interfaces, applications, server libraries and a UI library's UI code stay reported.
/// </summary>
public class TW103SyncOnlyContractTests
{
    private const string Sdk = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class BlobItem { public string Name { get; set; } = ""; }

        public sealed class BlobContainer
        {
            public async Task<List<BlobItem>> ListAsync(string prefix, CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                return new List<BlobItem>();
            }

            public async Task DeleteAsync(BlobItem blob) => await Task.Delay(10);

            public async Task<string> ReadAsync(string name)
            {
                await Task.Delay(10);
                return name;
            }
        }

        """;

    private const string DeviceFactory = Sdk + """
        public sealed class FileDescriptor { public string Directory = ""; public string FileName = ""; }

        public interface INamedDeviceFactory
        {
            IDisposable Get(FileDescriptor file);
            void Delete(FileDescriptor file);
            IEnumerable<FileDescriptor> ListContents(string path);
        }

        """;

    // The same implementation with its wait marked, for the hosts where it stays reported.
    private const string FlaggedDeviceFactory = DeviceFactory + """
        public sealed class BlobDeviceFactory : INamedDeviceFactory
        {
            private readonly BlobContainer _container = new BlobContainer();

            public IDisposable Get(FileDescriptor file) => null!;

            public void Delete(FileDescriptor file) => [|_container.DeleteAsync(new BlobItem { Name = file.FileName }).Wait()|];

            public IEnumerable<FileDescriptor> ListContents(string path) => Array.Empty<FileDescriptor>();
        }

        """;

    // ---- must not flag -----------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_librarys_implementation_of_its_public_sync_interface_over_an_async_sdk() => Verify.VerifyAnalyzerAsync(DeviceFactory + """
        public sealed class BlobDeviceFactory : INamedDeviceFactory
        {
            private readonly BlobContainer _container = new BlobContainer();

            public IDisposable Get(FileDescriptor file) => null!;

            public void Delete(FileDescriptor file)
            {
                // Shards carry extensions .0, .1, ...: delete every blob with the file's prefix.
                foreach (var blob in _container.ListAsync(file.FileName + ".", default).GetAwaiter().GetResult())
                {
                    _container.DeleteAsync(blob).GetAwaiter().GetResult();
                }
            }

            public IEnumerable<FileDescriptor> ListContents(string path)
            {
                foreach (var blob in _container.ListAsync(path, default).Result)
                {
                    yield return new FileDescriptor { FileName = blob.Name };
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_explicit_implementations_and_members_of_a_base_interface() => Verify.VerifyAnalyzerAsync(Sdk + """
        public interface ISecretReader
        {
            string Read(string name);
        }

        public interface ISecretStore : ISecretReader, IDisposable
        {
            void Remove(string name);
        }

        public sealed class BlobSecretStore : ISecretStore
        {
            private readonly BlobContainer _container = new BlobContainer();

            string ISecretReader.Read(string name) => _container.ReadAsync(name).GetAwaiter().GetResult();

            public void Remove(string name) => _container.DeleteAsync(new BlobItem { Name = name }).Wait();

            public void Dispose() { }
        }
        """);

    [Fact]
    public Task Ignores_a_credential_store_in_a_library_that_also_holds_Avalonia_windows() => new Verify.Test
    {
        TestCode = Sdk + """
            public interface ICredentialStore
            {
                string Get(string service, string account);
                void Remove(string service, string account);
            }

            public sealed class CacheCredentialStore : ICredentialStore
            {
                private readonly BlobContainer _helper = new BlobContainer();

                public string Get(string service, string account) => _helper.ReadAsync(service + "/" + account).GetAwaiter().GetResult();

                public void Remove(string service, string account) =>
                    _helper.DeleteAsync(new BlobItem { Name = service + "/" + account }).GetAwaiter().GetResult();
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") },
    }.RunAsync();

    [Fact]
    public Task Ignores_a_public_interface_nested_in_a_public_type() => Verify.VerifyAnalyzerAsync(Sdk + """
        public static class Storage
        {
            public interface IReader
            {
                string Load(string name);
            }
        }

        internal sealed class BlobReader : Storage.IReader
        {
            private readonly BlobContainer _container = new BlobContainer();

            public string Load(string name) => _container.ReadAsync(name).Result;
        }
        """);

    [Fact]
    public Task Ignores_an_implementation_of_a_referenced_librarys_sync_interface() => new Verify.Test
    {
        TestCode = "using Storage.Core;\n" + Sdk + """
            // The device API lives in the storage engine's core assembly; this package implements it over a blob SDK.
            public sealed class BlobDeviceFactory : INamedDeviceFactory
            {
                private readonly BlobContainer _container = new BlobContainer();

                public void Delete(string name)
                {
                    foreach (var blob in _container.ListAsync(name + ".", default).GetAwaiter().GetResult())
                    {
                        _container.DeleteAsync(blob).GetAwaiter().GetResult();
                    }
                }
            }
            """,
        AdditionalReferences = { TestReferences.Library("Storage.Core", "namespace Storage.Core { public interface INamedDeviceFactory { void Delete(string name); } }") },
    }.RunAsync();

    [Fact]
    public Task Ignores_an_override_of_an_abstract_member_of_a_public_plug_in_base_class() => Verify.VerifyAnalyzerAsync(Sdk + """
        public sealed class EncryptInfo { public byte[] Key = Array.Empty<byte>(); }

        // The parser's plug-in API: users derive their own key processors from it.
        public abstract class KeyProcessor
        {
            public abstract bool CanProcess(string keyLine);
            public abstract EncryptInfo Process(string keyLine, string playlistUrl);
        }

        public class DefaultKeyProcessor : KeyProcessor
        {
            private readonly BlobContainer _http = new BlobContainer();

            public override bool CanProcess(string keyLine) => keyLine.Length > 0;

            public override EncryptInfo Process(string keyLine, string playlistUrl)
            {
                var key = _http.ReadAsync(playlistUrl + "/key").Result;
                return new EncryptInfo { Key = System.Text.Encoding.UTF8.GetBytes(key) };
            }
        }
        """);

    // ---- must flag ----------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_an_interface_that_already_has_async_members() => Verify.VerifyAnalyzerAsync(Sdk + """
        public interface IConnection { }

        public interface IChannelPool
        {
            IConnection GetConnection();
            Task<string> RentAsync();
        }

        public interface IStreamingStore
        {
            string Read(string name);
            IAsyncEnumerable<string> ReadAllAsync();
        }

        public sealed class ChannelPool : IChannelPool, IStreamingStore
        {
            private readonly BlobContainer _container = new BlobContainer();
            private readonly Func<Task<IConnection>> _connect = null!;

            public IConnection GetConnection() => [|_connect().GetAwaiter().GetResult()|];

            public Task<string> RentAsync() => Task.FromResult("");

            public string Read(string name) => [|_container.ReadAsync(name).Result|];

            public async IAsyncEnumerable<string> ReadAllAsync() { await Task.Yield(); yield break; }
        }
        """);

    [Fact]
    public Task Flags_an_implementation_of_a_referenced_interface_with_async_members() => new Verify.Test
    {
        TestCode = "using Storage.Core;\n" + Sdk + """
            public sealed class BlobDeviceFactory : INamedDeviceFactory
            {
                private readonly BlobContainer _container = new BlobContainer();

                public void Delete(string name) => [|_container.DeleteAsync(new BlobItem { Name = name }).Wait()|];

                public Task FlushAsync() => Task.CompletedTask;
            }
            """,
        AdditionalReferences = { TestReferences.Library("Storage.Core", "namespace Storage.Core { public interface INamedDeviceFactory { void Delete(string name); System.Threading.Tasks.Task FlushAsync(); } }") },
    }.RunAsync();

    [Fact]
    public Task Flags_overrides_of_virtual_members_internal_classes_and_classes_with_async_members() => Verify.VerifyAnalyzerAsync(Sdk + """
        public abstract class Processor
        {
            public virtual string Describe(string name) => name;
            public abstract string Load(string name);
            public abstract Task<string> FetchAsync(string name);
        }

        internal abstract class HiddenProcessor
        {
            public abstract string Load(string name);
        }

        public abstract class Plugin
        {
            public virtual string Describe(string name) => name;
        }

        public sealed class BlobProcessor : Processor
        {
            private readonly BlobContainer _container = new BlobContainer();

            public override string Describe(string name) => [|_container.ReadAsync(name).Result|];
            public override string Load(string name) => [|_container.ReadAsync(name).Result|];
            public override Task<string> FetchAsync(string name) => _container.ReadAsync(name);
        }

        internal sealed class HiddenBlobProcessor : HiddenProcessor
        {
            private readonly BlobContainer _container = new BlobContainer();

            public override string Load(string name) => [|_container.ReadAsync(name).Result|];
        }

        public sealed class BlobPlugin : Plugin
        {
            private readonly BlobContainer _container = new BlobContainer();

            public override string Describe(string name) => [|_container.ReadAsync(name).Result|];
        }
        """);

    [Fact]
    public Task Flags_internal_interfaces_and_members_outside_the_interface() => Verify.VerifyAnalyzerAsync(Sdk + """
        internal interface IReader
        {
            string Load(string name);
        }

        public static class Outer
        {
            internal interface IHidden
            {
                string Peek(string name);
            }
        }

        public sealed class BlobReader : IReader, Outer.IHidden
        {
            private readonly BlobContainer _container = new BlobContainer();

            public string Load(string name) => [|_container.ReadAsync(name).Result|];

            public string Peek(string name) => [|_container.ReadAsync(name).Result|];

            public string LoadAll(string name) => [|_container.ReadAsync(name).Result|];
        }
        """);

    [Fact]
    public Task Flags_the_same_implementation_in_an_application() => new Verify.Test
    {
        TestCode = FlaggedDeviceFactory + "public static class Program { public static void Main() { } }\n",
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_the_same_implementation_in_a_server_library() => new Verify.Test
    {
        TestCode = FlaggedDeviceFactory,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    }.RunAsync();

    [Fact]
    public Task Flags_a_view_models_implementation_in_a_UI_library() => new Verify.Test
    {
        TestCode = Sdk + """
            public interface IDocumentSource
            {
                string Load(string name);
            }

            public sealed class DocumentViewModel : IDocumentSource, INotifyPropertyChanged
            {
                private readonly BlobContainer _container = new BlobContainer();

                public event PropertyChangedEventHandler PropertyChanged;

                public string Load(string name) => [|_container.ReadAsync(name).Result|];
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") },
    }.RunAsync();
}
