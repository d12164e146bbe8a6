using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A thread-affine lock taken by hand and released in a <c>finally</c> (<c>_rwls.EnterWriteLock(); try { .. } finally {
/// _rwls.ExitWriteLock(); }</c>, the <c>lock</c> statement's own expansion with <c>Monitor</c>) holds a region where no
/// <c>await</c> belongs, as in a <c>lock</c> body: the code after the await may resume on another thread, which cannot
/// release the lock (<c>SynchronizationLockException</c>). The compiler does not stop that await, so TW102 must not
/// suggest it there. Outside the region, and under a lock any thread may release, calls stay reported.
/// </summary>
public class TW102ThreadAffineRegionTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_file_writes_inside_a_reader_writer_lock_or_a_monitor_held_by_hand() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SubscriptionStore
        {
            private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
            private readonly object _gate = new object();
            private readonly string _path = "subscriptions.json";

            public async Task SaveAsync(string json, Func<Task> notify)
            {
                _lock.EnterWriteLock();
                try
                {
                    File.WriteAllText(_path, json);
                }
                finally
                {
                    _lock.ExitWriteLock();
                }

                await notify();
            }

            public async Task<string> LoadAsync(Func<Task> before)
            {
                await before();
                try
                {
                    _lock.EnterReadLock();
                    return File.ReadAllText(_path);
                }
                finally
                {
                    if (_lock.IsReadLockHeld)
                    {
                        _lock.ExitReadLock();
                    }
                }
            }

            public async Task AppendAsync(string line, Func<Task> before)
            {
                await before();
                var taken = false;
                try
                {
                    Monitor.Enter(_gate, ref taken);
                    File.AppendAllText(_path + ".log", line);
                }
                finally
                {
                    if (taken)
                    {
                        Monitor.Exit(_gate);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_file_writes_before_the_lock_is_taken_after_it_is_released_or_under_a_semaphore() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SubscriptionStore
        {
            private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1);
            private readonly string _path = "subscriptions.json";

            public async Task SaveAsync(string json, Func<Task> notify)
            {
                _lock.EnterWriteLock();
                try
                {
                    json = json.Trim();
                }
                finally
                {
                    _lock.ExitWriteLock();
                }

                [|File.WriteAllText(_path, json)|];
                await notify();
            }

            public async Task<string> LoadAsync(Func<Task> before)
            {
                await before();
                try
                {
                    var backup = [|File.ReadAllText(_path + ".bak")|];
                    _lock.EnterReadLock();
                    return backup;
                }
                finally
                {
                    _lock.ExitReadLock();
                }
            }

            public async Task WriteAsync(string json)
            {
                await _semaphore.WaitAsync();
                try
                {
                    [|File.WriteAllText(_path, json)|];
                }
                finally
                {
                    _semaphore.Release();
                }
            }
        }
        """);
}
