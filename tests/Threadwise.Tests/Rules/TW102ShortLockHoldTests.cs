using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// <c>Lock()</c> of an async lock that its type never holds across an await is as short a wait as a <c>lock</c>
/// statement: not reported. A lock that some holder keeps across an await stays reported.
/// </summary>
public class TW102ShortLockHoldTests
{
    private const string AsyncLock = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class AsyncLock
        {
            public IDisposable Lock() => throw new NotImplementedException();
            public Task<IDisposable> LockAsync() => throw new NotImplementedException();
        }
        """;

    private const string Queue = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;

        public sealed class WorkQueue
        {
            private readonly AsyncLock _lock = new AsyncLock();
            private readonly Queue<string> _items = new();

            public async Task EnqueueAsync(string item, Func<string, Task> persist)
            {
                await persist(item);
                using ({|#0:_lock.Lock()|})
                {
                    _items.Enqueue(item);
                }
            }

            public async Task<string?> DequeueAsync()
            {
                using (await _lock.LockAsync())
                {
                    return _items.Count > 0 ? _items.Dequeue() : null;
                }
            }
        }
        """;

    private static Verify.Test Test(string code, bool flagged)
    {
        var test = new Verify.Test
        {
            TestCode = flagged ? code : code.Replace("{|#0:", "").Replace(")|}", ")"),
            AdditionalReferences = { TestReferences.Library("Coordination", AsyncLock) },
        };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0)
                .WithMessage("'AsyncLock.Lock' blocks the calling thread while it waits; await 'AsyncLock.LockAsync' instead"));
        }

        return test;
    }

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_synchronous_hold_of_a_lock_no_holder_keeps_across_an_await() => Test(Queue, flagged: false).RunAsync();

    [Fact]
    public Task Ignores_a_using_declaration_hold() => Test(Queue.Replace("""
                using ({|#0:_lock.Lock()|})
                {
                    _items.Enqueue(item);
                }
        """, """
                using var held = _lock.Lock();
                _items.Enqueue(item);
        """), flagged: false).RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_hold_when_another_holder_awaits_inside() => Test(Queue.Replace(
        "return _items.Count > 0 ? _items.Dequeue() : null;",
        "await Task.Yield();\n            return _items.Count > 0 ? _items.Dequeue() : null;"), flagged: true).RunAsync();

    [Fact]
    public Task Flags_the_hold_when_the_lock_is_also_taken_without_a_using() => Test(Queue.Replace("""
            public async Task<string?> DequeueAsync()
        """, """
            public IDisposable Hold() => _lock.Lock();

            public async Task<string?> DequeueAsync()
        """), flagged: true).RunAsync();
}
