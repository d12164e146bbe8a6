using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A call made where no <c>await</c> can be written (a <c>lock</c> body, an <c>unsafe</c> block) is not followed anywhere in a
/// chain, as TW104 does not report such a call in an async method: made async, the chain could not await it there. A blocking
/// call written directly in a lock body stays a leaf, and a call of the same helper outside the lock is still followed.
/// </summary>
public class TW104CallsUnderLockTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>A cluster configuration persisted through a device write that waits for its completion callback.</summary>
    private const string ConfigStore = """
        sealed class ConfigDevice
        {
            public void WriteAsync(byte[] data, Action<object?> callback, object? state) => ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        static class ConfigUtils
        {
            public static void WriteInto(ConfigDevice device, byte[] data)
            {
                using var done = new SemaphoreSlim(0);
                device.WriteAsync(data, s => ((SemaphoreSlim)s!).Release(), done);
                done.Wait();
            }
        }

        """;

    // ---- must not flag: the chain passes through a call under a lock ----------------------------------------------

    [Fact]
    public Task Ignores_config_flush_whose_device_write_runs_under_the_config_lock() => Verify.VerifyAnalyzerAsync(Usings + ConfigStore + """
        sealed class ClusterManager
        {
            private readonly ConfigDevice _device = new ConfigDevice();
            private readonly int _flushFrequencyMs;
            private int _flushCount;
            private byte[] _config = Array.Empty<byte>();

            public ClusterManager(int flushFrequencyMs) => _flushFrequencyMs = flushFrequencyMs;

            public void FlushConfig()
            {
                if (_flushFrequencyMs > 0)
                {
                    Interlocked.Increment(ref _flushCount);
                }
                else
                {
                    lock (this)
                    {
                        ConfigUtils.WriteInto(_device, _config);
                    }
                }
            }

            public bool TryMerge(byte[] other)
            {
                _config = other;
                FlushConfig();
                return true;
            }
        }

        sealed class Gossip
        {
            private readonly ClusterManager _manager = new ClusterManager(0);

            public async Task OnGossipAsync(byte[] received, CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                _manager.TryMerge(received);
            }
        }
        """);

    [Fact]
    public Task Ignores_getter_that_reads_a_file_through_a_helper_under_a_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Settings
        {
            private readonly object _gate = new object();
            private readonly string _path;

            public Settings(string path) => _path = path;

            public string Text
            {
                get
                {
                    lock (_gate)
                    {
                        return Load();
                    }
                }
            }

            private string Load() => File.ReadAllText(_path);

            public async Task<int> LengthAsync()
            {
                await Task.Yield();
                return Text.Length;
            }
        }
        """);

    [Fact]
    public Task Ignores_chain_that_reaches_the_lock_two_helpers_down() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Journal
        {
            private readonly object _gate = new object();
            private readonly FileStream _file = new FileStream("journal.bin", FileMode.Append);

            public async Task RecordAsync(byte[] entry)
            {
                await Task.Yield();
                Append(entry);
            }

            private void Append(byte[] entry) => Commit(entry);

            private void Commit(byte[] entry)
            {
                lock (_gate)
                {
                    WriteAndFlush(entry);
                }
            }

            private void WriteAndFlush(byte[] entry)
            {
                _file.Write(entry, 0, entry.Length);
                _file.Flush();
            }
        }
        """);

    [Fact]
    public Task Ignores_helper_called_inside_an_unsafe_block() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class PageWriter
        {
            public async Task WritePageAsync(byte[] page)
            {
                await Task.Yield();
                Store(page);
            }

            private unsafe void Store(byte[] page)
            {
                unsafe
                {
                    fixed (byte* p = page)
                    {
                        Persist(page);
                    }
                }
            }

            private static void Persist(byte[] page) => File.WriteAllBytes("page.bin", page);
        }
        """);

    // ---- must flag: the blocking call itself, or a call outside the lock ------------------------------------------

    [Fact]
    public Task Flags_helper_that_blocks_directly_inside_its_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Settings
        {
            private readonly object _gate = new object();

            public async Task<string> ReloadAsync()
            {
                await Task.Yield();
                return {|#0:Load("settings.json")|};
            }

            private string Load(string path)
            {
                lock (_gate)
                {
                    return File.ReadAllText(path);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Load' blocks: Load → File.ReadAllText; make it async and await 'File.ReadAllTextAsync'"));

    [Fact]
    public Task Flags_helper_that_calls_the_writer_after_releasing_its_lock() => Verify.VerifyAnalyzerAsync(Usings + ConfigStore + """
        sealed class ClusterManager
        {
            private readonly ConfigDevice _device = new ConfigDevice();
            private byte[] _config = Array.Empty<byte>();

            public void FlushConfig()
            {
                byte[] snapshot;
                lock (this)
                {
                    snapshot = (byte[])_config.Clone();
                }

                ConfigUtils.WriteInto(_device, snapshot);
            }

            public async Task OnGossipAsync(byte[] received)
            {
                await Task.Yield();
                _config = received;
                {|#0:FlushConfig()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'FlushConfig' blocks: FlushConfig → ConfigUtils.WriteInto → SemaphoreSlim.Wait; make these methods async and await 'SemaphoreSlim.WaitAsync'"));

    [Fact]
    public Task Flags_helper_that_calls_the_same_reader_inside_and_outside_its_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Cache
        {
            private readonly object _gate = new object();
            private string? _text;

            public async Task<int> SizeAsync()
            {
                await Task.Yield();
                return {|#0:Refresh()|}.Length;
            }

            private string Refresh()
            {
                var fresh = Read();
                lock (_gate)
                {
                    _text ??= Read();
                }

                return fresh;
            }

            private static string Read() => File.ReadAllText("cache.txt");
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Refresh' blocks: Refresh → Read → File.ReadAllText; make these methods async and await 'File.ReadAllTextAsync'"));

    [Fact]
    public Task Flags_direct_helper_call_outside_a_lock_of_the_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Client
        {
            private readonly object _gate = new object();
            private readonly HttpClient _http = new HttpClient();
            private string? _last;

            public async Task PollAsync()
            {
                await Task.Yield();
                var text = {|#0:Fetch()|};
                lock (_gate)
                {
                    _last = text;
                }
            }

            private string Fetch() => _http.GetStringAsync("https://example.org/").Result;
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Fetch' blocks: Fetch → _http.GetStringAsync(\"https://example.org/\").Result; make it async and await the task"));

    /// <summary>A subscription store guarded by a reader/writer lock taken through disposable helpers.</summary>
    private const string LockHelpers = """
        static class ReaderWriterLockSlimExtensions
        {
            public static IDisposable ReadLock(this ReaderWriterLockSlim rwls) => new HeldRead(rwls);

            public static IDisposable WriteLock(this ReaderWriterLockSlim rwls)
            {
                rwls.EnterWriteLock();
                return new Release(rwls.ExitWriteLock);
            }

            public static IDisposable Gate(this SemaphoreSlim gate)
            {
                gate.Wait();
                return new Release(() => gate.Release());
            }

            sealed class HeldRead : IDisposable
            {
                private readonly ReaderWriterLockSlim _rwls;

                public HeldRead(ReaderWriterLockSlim rwls)
                {
                    _rwls = rwls;
                    _rwls.EnterReadLock();
                }

                public void Dispose() => _rwls.ExitReadLock();
            }

            sealed class Release : IDisposable
            {
                private readonly Action _release;

                public Release(Action release) => _release = release;

                public void Dispose() => _release();
            }
        }

        static class SubscriptionFile
        {
            public static string Load(string path) => File.ReadAllText(path);

            public static void Save(string path, string json) => File.WriteAllText(path, json);
        }

        """;

    // ---- must not flag: inside the scope of a thread-affine reader/writer lock taken through a helper ---------------

    [Fact]
    public Task Ignores_helpers_called_inside_a_reader_writer_lock_taken_through_a_disposable_helper() => Verify.VerifyAnalyzerAsync(Usings + LockHelpers + """
        sealed class JsonFileSubscriptionStorage
        {
            private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
            private readonly string _path = "subscriptions.json";

            public async Task<string> GetSubscriberAddresses(string topic)
            {
                await Task.Yield();
                using (_lock.ReadLock())
                {
                    return SubscriptionFile.Load(_path) + topic;
                }
            }

            public async Task RegisterSubscriber(string topic)
            {
                await Task.Yield();
                using var held = _lock.WriteLock();
                var json = SubscriptionFile.Load(_path);
                SubscriptionFile.Save(_path, json + topic);
            }
        }
        """);

    [Fact]
    public Task Flags_helpers_called_under_a_semaphore_helper_or_after_the_lock_scope() => Verify.VerifyAnalyzerAsync(Usings + LockHelpers + """
        sealed class JsonFileSubscriptionStorage
        {
            private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
            private readonly string _path = "subscriptions.json";

            public async Task<string> GetSubscriberAddresses(string topic)
            {
                await Task.Yield();
                using ([|_gate.Gate()|])
                {
                    return [|SubscriptionFile.Load(_path)|] + topic;
                }
            }

            public async Task RegisterSubscriber(string topic)
            {
                await Task.Yield();
                using (_lock.WriteLock())
                {
                    topic = topic.Trim();
                }

                [|SubscriptionFile.Save(_path, topic)|];
            }
        }
        """);

    // ---- a thread-affine lock held by hand: EnterWriteLock / try / finally ExitWriteLock -------------------------

    [Fact]
    public Task Ignores_helpers_called_where_a_reader_writer_lock_is_held_by_hand() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SubscriptionStore
        {
            private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();

            public async Task SubscribeAsync(string topic, Func<Task> notify)
            {
                await notify();
                _lock.EnterWriteLock();
                try
                {
                    Save(Load() + topic);
                }
                finally
                {
                    _lock.ExitWriteLock();
                }
            }

            private static string Load() => File.ReadAllText("subscriptions.txt");

            private static void Save(string text) => File.WriteAllText("subscriptions.txt", text);
        }
        """);

    [Fact]
    public Task Flags_helpers_called_after_a_reader_writer_lock_held_by_hand_is_released() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SubscriptionStore
        {
            private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
            private string _topics = "";

            public async Task SubscribeAsync(string topic, Func<Task> notify)
            {
                await notify();
                string text;
                _lock.EnterWriteLock();
                try
                {
                    text = _topics += topic;
                }
                finally
                {
                    _lock.ExitWriteLock();
                }

                {|#0:Save(text)|};
            }

            private static void Save(string text) => File.WriteAllText("subscriptions.txt", text);
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Save' blocks: Save → File.WriteAllText; make it async and await 'File.WriteAllTextAsync'"));
}
