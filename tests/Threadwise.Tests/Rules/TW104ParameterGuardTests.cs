using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 does not follow a call into a leaf that runs only under a condition on a <c>bool</c> parameter
/// (<c>if (spinWait)</c>, <c>if (!spinWait) return;</c>, <c>wait &amp;&amp; ..</c>) when the call passes the constant that makes
/// the condition false: a literal, a <c>const</c>, or the default of an optional parameter it leaves out. A <c>true</c>
/// argument, a non-constant one, a parameter the body reassigns, or a leaf outside the guard is followed as before.
/// </summary>
public class TW104ParameterGuardTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // A commit log in the shape of a storage engine's: Commit issues the commit and waits only when asked to.
    private const string CommitLog = """
        sealed class CommitLog
        {
            private long _tail;
            private long _committed;

            public void WaitForCommit(long until)
            {
                while (Volatile.Read(ref _committed) < until)
                {
                    Thread.Yield();
                }
            }

            public async ValueTask WaitForCommitAsync(long until, CancellationToken token = default)
            {
                while (Volatile.Read(ref _committed) < until)
                {
                    await Task.Delay(1, token);
                }
            }

            public void Commit(bool spinWait = false)
            {
                var tail = Interlocked.Read(ref _tail);
                IssueCommit(tail);
                if (!spinWait) return;
                WaitForCommit(tail);
            }

            public bool TryEnqueue(byte[] entry, bool autoCommit, out long address)
            {
                address = Interlocked.Add(ref _tail, entry.Length);
                if (autoCommit) Commit();
                return true;
            }

            private void IssueCommit(long tail) => ThreadPool.QueueUserWorkItem(_ => Volatile.Write(ref _committed, tail));
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_enqueue_whose_commit_waits_only_when_spin_wait_is_passed() => Verify.VerifyAnalyzerAsync(Usings + CommitLog + """
        sealed class Appender
        {
            private readonly CommitLog _log = new CommitLog();

            public async ValueTask<long> EnqueueAsync(byte[] entry, CancellationToken token)
            {
                while (true)
                {
                    if (_log.TryEnqueue(entry, autoCommit: true, out var address))
                    {
                        return address;
                    }

                    await Task.Delay(1, token);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_commit_called_with_its_default_or_an_explicit_false() => Verify.VerifyAnalyzerAsync(Usings + CommitLog + """
        sealed class CommitPolicy
        {
            private readonly CommitLog _log = new CommitLog();

            public async Task OnFlushAsync(CancellationToken token)
            {
                await Task.Delay(10, token);
                _log.Commit();
                _log.Commit(false);
                _log.Commit(spinWait: false);
            }
        }
        """);

    [Fact]
    public Task Ignores_wait_inside_if_parameter_when_a_const_false_is_passed() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Journal
        {
            private const bool FireAndReturn = false;
            private readonly FileStream _file = new FileStream("journal.bin", FileMode.Append);

            public async Task AppendAsync(byte[] record)
            {
                await _file.WriteAsync(record);
                Flush(FireAndReturn);
            }

            private void Flush(bool durable)
            {
                if (durable)
                {
                    _file.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_wait_behind_a_parameter_conjunction_when_false_is_passed() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Worker
        {
            private Task? _pending;

            public void Stop(bool waitForDrain)
            {
                if (waitForDrain && _pending != null)
                {
                    _pending.Wait();
                }
            }

            public bool Detach(bool join) => _pending != null && join && _pending.Wait(1000);
        }

        sealed class Supervisor
        {
            private readonly Worker _worker = new Worker();

            public async Task RestartAsync()
            {
                _worker.Stop(waitForDrain: false);
                _worker.Detach(false);
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Ignores_guarded_wait_reached_through_helpers_that_pass_the_default() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Checkpointer
        {
            private readonly Task _flushTask = Task.Delay(100);

            private void Take(string name, bool waitForFlush = false)
            {
                Console.WriteLine(name);
                if (!waitForFlush)
                {
                    Console.WriteLine("not waiting");
                    return;
                }

                _flushTask.Wait();
            }

            private void TakeIncremental(string name) => Take(name + ".delta");

            public void Schedule(string name)
            {
                if (name.Length > 0)
                {
                    TakeIncremental(name);
                }
            }

            public async Task RunAsync(string name)
            {
                await Task.Yield();
                Schedule(name);
                TakeIncremental(name);
            }
        }
        """);

    [Fact]
    public Task Ignores_wait_on_the_right_of_a_parameter_disjunction_when_true_is_passed() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Gate
        {
            private readonly Task _opened = Task.Delay(100);

            public bool Pass(bool nonBlocking) => nonBlocking || _opened.Wait(5000);

            public async Task<bool> TryPassAsync()
            {
                await Task.Yield();
                return Pass(nonBlocking: true);
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_commit_called_with_spin_wait_true() => Verify.VerifyAnalyzerAsync(Usings + CommitLog + """
        sealed class DurableWriter
        {
            private readonly CommitLog _log = new CommitLog();

            public async Task WriteAsync(CancellationToken token)
            {
                await Task.Delay(10, token);
                {|#0:_log.Commit(spinWait: true)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'CommitLog.Commit' blocks: CommitLog.Commit → CommitLog.WaitForCommit; make it async and await 'CommitLog.WaitForCommitAsync'"));

    [Fact]
    public Task Flags_commit_called_with_a_value_known_only_at_run_time() => Verify.VerifyAnalyzerAsync(Usings + CommitLog + """
        sealed class ConfiguredWriter
        {
            private readonly CommitLog _log = new CommitLog();
            private readonly bool _durable = Environment.GetEnvironmentVariable("DURABLE") == "1";

            public async Task WriteAsync(CancellationToken token)
            {
                await Task.Delay(10, token);
                {|#0:_log.Commit(_durable)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'CommitLog.Commit' blocks: CommitLog.Commit → CommitLog.WaitForCommit; make it async and await 'CommitLog.WaitForCommitAsync'"));

    [Fact]
    public Task Flags_default_that_makes_the_guard_true() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Journal
        {
            private readonly FileStream _file = new FileStream("journal.bin", FileMode.Append);

            public async Task AppendAsync(byte[] record)
            {
                await _file.WriteAsync(record);
                {|#0:Flush()|};
            }

            private void Flush(bool durable = true)
            {
                if (!durable) return;
                _file.Flush();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Flush' blocks: Flush → FileStream.Flush; make it async and await 'FileStream.FlushAsync'"));

    [Fact]
    public Task Flags_leaf_outside_the_guard_when_false_is_passed() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Snapshotter
        {
            private readonly Task _previous = Task.Delay(100);

            private void Save(string path, bool verify = false)
            {
                File.WriteAllText(path, "snapshot");
                if (verify)
                {
                    _previous.Wait();
                }
            }

            public async Task SnapshotAsync(string path)
            {
                await Task.Yield();
                {|#0:Save(path)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Save' blocks: Save → File.WriteAllText; make it async and await 'File.WriteAllTextAsync'"));

    [Fact]
    public Task Flags_guard_on_a_parameter_the_body_reassigns() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Flusher
        {
            private readonly bool _forceSync = Environment.ProcessorCount == 1;
            private readonly Task _flushed = Task.Delay(100);

            private void Flush(bool wait = false)
            {
                wait |= _forceSync;
                if (wait)
                {
                    _flushed.Wait();
                }
            }

            public async Task TickAsync()
            {
                await Task.Yield();
                {|#0:Flush()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Flush' blocks: Flush → _flushed.Wait(); make it async and await the task"));

    [Fact]
    public Task Flags_helper_that_passes_true_to_the_guarded_method() => Verify.VerifyAnalyzerAsync(Usings + CommitLog + """
        sealed class Shutdown
        {
            private readonly CommitLog _log = new CommitLog();

            private void FinalCommit() => _log.Commit(true);

            public async Task StopAsync()
            {
                await Task.Yield();
                {|#0:FinalCommit()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'FinalCommit' blocks: FinalCommit → CommitLog.Commit → CommitLog.WaitForCommit; make these methods async and await 'CommitLog.WaitForCommitAsync'"));
}
