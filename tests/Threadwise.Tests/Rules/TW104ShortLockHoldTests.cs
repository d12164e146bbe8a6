using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An async lock (<c>Lock()</c> beside <c>LockAsync()</c>, as Nito's and Foundatio's <c>AsyncLock</c>) that its type
/// never holds across an await: the synchronous <c>Lock()</c> waits only for other holders' synchronous sections, as a
/// <c>lock</c> statement does, and ends no chain. Held across an await anywhere in the type, handed to other code or
/// taken some other way, it stays a blocking call. Shape from Foundatio's ScheduledTimer.
/// </summary>
public class TW104ShortLockHoldTests
{
    private const string AsyncLock = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class AsyncLock
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

            public IDisposable Lock(CancellationToken cancellationToken = default)
            {
                _gate.Wait(cancellationToken);
                return new Releaser(_gate);
            }

            public async Task<IDisposable> LockAsync(CancellationToken cancellationToken = default)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                return new Releaser(_gate);
            }

            private sealed class Releaser : IDisposable
            {
                private readonly SemaphoreSlim _gate;
                public Releaser(SemaphoreSlim gate) => _gate = gate;
                public void Dispose() => _gate.Release();
            }
        }
        """;

    private static Verify.Test Test(string code, string? message = null)
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                """ + code,
            AdditionalReferences = { TestReferences.Library("Coordination", AsyncLock) },
        };
        if (message != null)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithMessage(message));
        }

        return test;
    }

    private const string Timer = """
        public sealed class ScheduledTimer
        {
            private readonly AsyncLock _lock = new AsyncLock();
            private DateTime _next;
            private bool _isRunning;

            public void ScheduleNext(DateTime utcDate)
            {
                using (_lock.Lock())
                {
                    if (_next > DateTime.UtcNow && utcDate > _next)
                    {
                        return;
                    }

                    _next = utcDate;
                }
            }

            public async Task RunCallbackAsync(Func<Task<DateTime?>> callback)
            {
                using (await _lock.LockAsync().ConfigureAwait(false))
                {
                    if (_isRunning)
                    {
                        return;
                    }

                    _isRunning = true;
                }

                var next = await callback().ConfigureAwait(false);
                _isRunning = false;
                if (next.HasValue)
                {
                    {|#0:ScheduleNext(next.Value)|};
                }
            }
        }
        """;

    private const string Message = "'ScheduleNext' blocks: ScheduleNext → AsyncLock.Lock; make it async and await 'AsyncLock.LockAsync'";

    private static string Unmarked(string code) => code.Replace("{|#0:", "").Replace(")|}", ")");

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_timer_whose_every_hold_is_a_synchronous_section() => Test(Unmarked(Timer)).RunAsync();

    [Fact]
    public Task Ignores_using_declarations_and_this_qualified_holds() => Test(Unmarked(Timer)
        .Replace("using (_lock.Lock())", "using var held = this._lock.Lock();\n        ")
        .Replace("using (await _lock.LockAsync().ConfigureAwait(false))", "using (await this._lock.LockAsync(CancellationToken.None))")).RunAsync();

    [Fact]
    public Task Ignores_a_hold_in_a_nested_type_and_a_partial_declaration() => Test("""
        public sealed partial class Cache
        {
            private readonly AsyncLock _lock = new AsyncLock();
            private int _count;

            private sealed class Counter
            {
                public void Bump(Cache owner)
                {
                    using (owner._lock.Lock())
                    {
                        owner._count++;
                    }
                }
            }

            public void Reset()
            {
                using (_lock.Lock())
                {
                    _count = 0;
                }
            }

            public async Task<int> ClearAsync(Func<Task> flush)
            {
                await flush();
                Reset();
                return _count;
            }
        }

        public sealed partial class Cache
        {
            public async Task<int> CountAsync()
            {
                using (await _lock.LockAsync())
                {
                    return _count;
                }
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_lock_only_ever_taken_synchronously() => Test("""
        public sealed class Registry
        {
            private readonly AsyncLock _lock = new AsyncLock();
            private readonly System.Collections.Generic.List<string> _names = new();

            public void Add(string name)
            {
                using (_lock.Lock())
                {
                    _names.Add(name);
                }
            }

            public async Task AddLaterAsync(string name)
            {
                await Task.Yield();
                Add(name);
            }
        }
        """).RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_lock_that_another_holder_keeps_across_an_await() => Test(Timer.Replace("""
                    _isRunning = true;
                }
        """, """
                    _isRunning = true;
                    await Task.Delay(10).ConfigureAwait(false);
                }
        """), Message).RunAsync();

    [Fact]
    public Task Flags_a_lock_handed_to_other_code() => Test(Timer.Replace("""
            private bool _isRunning;
        """, """
            private bool _isRunning;

            public AsyncLock Gate => _lock;
        """), Message).RunAsync();

    [Fact]
    public Task Flags_a_lock_that_is_not_private() => Test(Timer.Replace("private readonly AsyncLock _lock", "internal readonly AsyncLock _lock"), Message).RunAsync();
}
