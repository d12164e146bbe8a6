using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW505TaskInUsingAnalyzer, Threadwise.Fixes.Correctness.TW505TaskInUsingCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW505TaskInUsingTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Releaser : IDisposable
        {
            public void Dispose() { }
        }

        sealed class Gate
        {
            public Task<Releaser> EnterAsync() => Task.FromResult(new Releaser());
        }

        sealed class Channel : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => default;
        }

        """;

    // ---- Task.Factory.StartNew over a task-returning delegate: TW303's site -------------------------------------

    // N_m3u8DL-RE's speed watcher: TW303 reports the StartNew; the outer task completes at the lambda's first await.
    [Fact]
    public Task Ignores_the_nested_task_of_StartNew_over_an_async_lambda_or_a_task_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAsync(CancellationTokenSource cts)
            {
                using var watcher = Task.Factory.StartNew(async () =>
                {
                    while (!cts.IsCancellationRequested)
                        await Task.Delay(500);
                });
                using (Task.Factory.StartNew(PollAsync))
                {
                    await Task.Delay(10);
                }
            }

            private static Task PollAsync() => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Flags_StartNew_of_a_plain_delegate_and_Task_Run_of_an_async_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAsync(CancellationTokenSource cts)
            {
                using var watcher = {|#0:Task.Factory.StartNew(() => Thread.Sleep(500))|};
                using var runner = {|#1:Task.Run(async () => await Task.Delay(500))|};
                await Task.Delay(10);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("the task returned by 'StartNew'", " instead of awaiting it: disposing a task that has not finished throws"),
        Verify.Diagnostic().WithLocation(1).WithArguments("the task returned by 'Run'", " instead of awaiting it: disposing a task that has not finished throws"));

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_using_a_task_returning_call_with_the_message_naming_what_it_produces() => Verify.VerifyAnalyzerAsync(Usings + """
        class Account
        {
            private readonly Gate _gate = new Gate();

            public async Task DepositAsync()
            {
                using ({|#0:_gate.EnterAsync()|})
                {
                    await Task.Delay(1);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'using' disposes the task returned by 'EnterAsync', not the 'Releaser' it produces; await the task"));

    [Fact]
    public Task Flags_using_declarations_whose_task_variable_is_never_read() => Verify.VerifyAnalyzerAsync(Usings + """
        class Account
        {
            private readonly Gate _gate = new Gate();

            public async Task DepositAsync()
            {
                using var lease = [|_gate.EnterAsync()|];
                using (var second = [|_gate.EnterAsync()|])
                using (Task<Releaser> third = [|_gate.EnterAsync()|])
                {
                    await Task.Delay(1);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_plain_task_in_using_with_the_message_about_disposing_an_unfinished_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Indexer
        {
            public void Rebuild()
            {
                using ({|#0:Task.Run(() => Console.WriteLine("indexing"))|})
                {
                    Console.WriteLine("started");
                }

                using var refresh = [|RefreshAsync()|];
            }

            Task RefreshAsync() => Task.Delay(1);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'using' disposes the task returned by 'Run' instead of awaiting it: disposing a task that has not finished throws"));

    [Fact]
    public Task Flags_an_existing_task_variable_whose_result_is_disposable() => Verify.VerifyAnalyzerAsync(Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate, Task<Releaser> pending)
            {
                var lease = gate.EnterAsync();
                using ({|#0:lease|})
                using ([|pending|])
                {
                    await Task.Delay(1);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'using' disposes the task 'lease', not the 'Releaser' it produces; await the task"));

    [Fact]
    public Task Flags_synchronous_code_and_lock_bodies_without_offering_a_fix() => Verify.VerifyCodeFixAsync(Usings + """
        class Account
        {
            private readonly object _sync = new object();

            public void Deposit(Gate gate)
            {
                using ({|TW505:gate.EnterAsync()|})
                {
                }
            }

            public async Task DepositAsync(Gate gate)
            {
                await Task.Yield();
                lock (_sync)
                {
                    using ({|TW505:gate.EnterAsync()|})
                    {
                    }
                }

                using (Task<Releaser> a = {|TW505:gate.EnterAsync()|}, b = {|TW505:gate.EnterAsync()|})
                {
                }
            }
        }
        """, Usings + """
        class Account
        {
            private readonly object _sync = new object();

            public void Deposit(Gate gate)
            {
                using ({|TW505:gate.EnterAsync()|})
                {
                }
            }

            public async Task DepositAsync(Gate gate)
            {
                await Task.Yield();
                lock (_sync)
                {
                    using ({|TW505:gate.EnterAsync()|})
                    {
                    }
                }

                using (Task<Releaser> a = {|TW505:gate.EnterAsync()|}, b = {|TW505:gate.EnterAsync()|})
                {
                }
            }
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fixes_a_using_statement_by_awaiting_the_task() => Verify.VerifyCodeFixAsync(Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
                using ([|gate.EnterAsync()|])
                {
                    await Task.Delay(1);
                }
            }
        }
        """, Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
                using (await gate.EnterAsync())
                {
                    await Task.Delay(1);
                }
            }
        }
        """);

    [Fact]
    public Task Fixes_declarations_and_an_explicit_task_type() => Verify.VerifyCodeFixAsync(Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
                // one lease per deposit
                using var lease = [|gate.EnterAsync()|];
                using (Task<Releaser> second = [|gate.EnterAsync()|])
                {
                    await Task.Delay(1);
                }
            }
        }
        """, Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
                // one lease per deposit
                using var lease = await gate.EnterAsync();
                using (Releaser second = await gate.EnterAsync())
                {
                    await Task.Delay(1);
                }
            }
        }
        """);

    [Fact]
    public Task Fixes_a_result_that_is_only_IAsyncDisposable_with_await_using() => Verify.VerifyCodeFixAsync(Usings + """
        class Pump
        {
            Task<Channel> OpenAsync() => Task.FromResult(new Channel());

            public async Task RunAsync()
            {
                // the channel closes at the end
                using var channel = [|OpenAsync()|];
                using ([|OpenAsync()|])
                {
                    await Task.Delay(1);
                }
            }
        }
        """, Usings + """
        class Pump
        {
            Task<Channel> OpenAsync() => Task.FromResult(new Channel());

            public async Task RunAsync()
            {
                // the channel closes at the end
                await using var channel = await OpenAsync();
                await using (await OpenAsync())
                {
                    await Task.Delay(1);
                }
            }
        }
        """);

    [Fact]
    public Task Fixes_follow_the_ConfigureAwait_convention_of_the_method() => Verify.VerifyCodeFixAsync(Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
                await Task.Delay(1).ConfigureAwait(false);
                using ([|gate.EnterAsync()|])
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }
            }
        }
        """, Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
                await Task.Delay(1).ConfigureAwait(false);
                using (await gate.EnterAsync().ConfigureAwait(false))
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }
            }
        }
        """);

    [Fact]
    public Task Fixes_every_site_of_a_document_with_Fix_All_including_nested_usings() => Verify.VerifyCodeFixAsync(Usings + """
        class Account
        {
            public async Task TransferAsync(Gate from, Gate to, Func<Task<Channel>> open)
            {
                using ([|from.EnterAsync()|])
                using ([|to.EnterAsync()|])
                {
                    await Task.Delay(1);
                }

                Func<Task> later = async () =>
                {
                    using var channel = [|open()|];
                    await Task.Delay(1);
                };
                await later();
            }
        }
        """, Usings + """
        class Account
        {
            public async Task TransferAsync(Gate from, Gate to, Func<Task<Channel>> open)
            {
                using (await from.EnterAsync())
                using (await to.EnterAsync())
                {
                    await Task.Delay(1);
                }

                Func<Task> later = async () =>
                {
                    await using var channel = await open();
                    await Task.Delay(1);
                };
                await later();
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_usings_of_awaited_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
                using (await gate.EnterAsync())
                using (var second = await gate.EnterAsync().ConfigureAwait(false))
                {
                    using var third = await gate.EnterAsync();
                }
            }
        }
        """);

    // MA0129 and VSTHRD107 report these. The scope reads the task variable (waits on it, passes it to WaitAny), so the
    // code means to dispose the task; awaiting in the using would change what the variable is. Real code of this shape:
    // nullean/proc #23 (`using var delay = Task.Delay(..)` then Task.WaitAny over the tasks).
    [Fact]
    public Task Ignores_a_declared_task_the_scope_waits_on() => Verify.VerifyAnalyzerAsync(Usings + """
        class ProcessWaiter
        {
            public bool HardWaitForExit(TimeSpan timeout)
            {
                using var delay = Task.Delay(timeout);
                using var exit = Task.Run(() => Thread.Sleep(10));
                return Task.WaitAny(delay, exit) == 1;
            }

            public int Compute()
            {
                using (var work = Task.Run(() => 42))
                {
                    return work.Result;
                }
            }
        }
        """);

    // VSTHRD107 and MA0129 report any task in a using: here the task has finished (it was waited on) and produces
    // nothing to dispose, so disposing it is legal and deliberate.
    [Fact]
    public Task Ignores_an_existing_task_whose_result_is_not_disposable() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            private Task _pump = Task.CompletedTask;
            private Task<int> Pending { get; } = Task.FromResult(1);

            public void Stop(Task<int> counted)
            {
                _pump.Wait();
                using (_pump)
                using (Pending)
                using (counted)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_await_using_and_disposables_that_are_not_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Exporter
        {
            public async Task ExportAsync(Task<Releaser> pending, string path)
            {
                await using var channel = new Channel();
                using (var source = new CancellationTokenSource())
                using (pending.Result)
                using (await pending)
                {
                    await Task.Delay(1, source.Token);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_task_held_as_a_plain_IDisposable() => Verify.VerifyAnalyzerAsync(Usings + """
        class Registry
        {
            public void Release(IDisposable resource)
            {
                using (resource)
                {
                }
            }

            public void ReleaseTask(Task finished)
            {
                IDisposable resource = finished;
                using (resource)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_tasks_used_inside_the_using_body() => Verify.VerifyAnalyzerAsync(Usings + """
        class Copier
        {
            public async Task CopyAsync(Stream source, Stream target)
            {
                using (var buffer = new MemoryStream())
                {
                    var copy = source.CopyToAsync(buffer);
                    await copy;
                    using (await Task.FromResult(new Releaser()))
                    {
                        await buffer.CopyToAsync(target);
                    }
                }
            }
        }
        """);

    // ---- peer suppressions -----------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_usings_where_VSTHRD107_or_MA0129_is_suppressed_locally() => Verify.VerifyAnalyzerAsync("using System.Diagnostics.CodeAnalysis;\n" + Usings + """
        class Account
        {
            public async Task DepositAsync(Gate gate)
            {
        #pragma warning disable VSTHRD107 // the releaser is disposed by the gate itself
                using (gate.EnterAsync())
                {
                    await Task.Delay(1);
                }
        #pragma warning restore VSTHRD107
            }

            [SuppressMessage("Usage", "MA0129:Await task in using statement")]
            public async Task WithdrawAsync(Gate gate)
            {
                using var lease = gate.EnterAsync();
                await Task.Delay(1);
            }

            public async Task AuditAsync(Gate gate)
            {
                using var lease = [|gate.EnterAsync()|];
                await Task.Delay(1);
            }
        }
        """);
}
