using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Helpers that only a thread the program owns ever calls (MongoDB's server monitor thread: ThreadStart → MonitorServer →
/// HeartbeatDelay.Wait, and RoundTripTimeMonitor's loop → ThreadHelper.Sleep): their waits block only that thread.
/// </summary>
public class TW103OwnThreadCallersTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Heartbeat = """
        internal sealed class HeartbeatDelay
        {
            private readonly TaskCompletionSource<bool> _signal = new TaskCompletionSource<bool>();

            public void RequestHeartbeat() => _signal.TrySetResult(true);

            public void Wait(CancellationToken cancellationToken) => _signal.Task.Wait(cancellationToken);
        }

        """;

    private const string Sleeper = """
        internal static class ThreadHelper
        {
            public static void Sleep(TimeSpan timeout, CancellationToken cancellationToken)
            {
                Task.Delay(timeout, cancellationToken).Wait(cancellationToken);
            }
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_wait_two_calls_below_a_local_function_passed_to_a_thread() => Verify.VerifyAnalyzerAsync(Usings + Heartbeat + """
        class ServerMonitor
        {
            private HeartbeatDelay _delay;

            public void Start(CancellationToken token)
            {
                var thread = new Thread(new ParameterizedThreadStart(ThreadStart)) { IsBackground = true };
                thread.Start(token);

                void ThreadStart(object state) => MonitorServer((CancellationToken)state);
            }

            private void MonitorServer(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    _delay = new HeartbeatDelay();
                    _delay.Wait(token);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_an_internal_static_helper_called_only_from_a_thread_method() => Verify.VerifyAnalyzerAsync(Usings + Sleeper + """
        class RoundTripTimeMonitor
        {
            private readonly TimeSpan _interval = TimeSpan.FromSeconds(10);
            private CancellationToken _token;

            public void Start()
            {
                new Thread(Run) { IsBackground = true }.Start();
            }

            private void Run()
            {
                while (!_token.IsCancellationRequested)
                {
                    Measure();
                    ThreadHelper.Sleep(_interval, _token);
                }
            }

            private void Measure() => Pause(1);

            private void Pause(int times)
            {
                if (times > 0)
                {
                    ThreadHelper.Sleep(_interval, _token);
                    Pause(times - 1);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_through_this_and_null_conditional_access_from_a_thread_lambda() => Verify.VerifyAnalyzerAsync(Usings + Heartbeat + """
        class Poller
        {
            private HeartbeatDelay _delay = new HeartbeatDelay();

            public void Start(CancellationToken token)
            {
                new Thread(() =>
                {
                    this.Poll(token);
                    _delay?.Wait(token);
                }).Start();
            }

            private void Poll(CancellationToken token) => _delay.Wait(token);
        }
        """);

    [Fact]
    public Task Ignores_a_private_method_of_a_nested_worker_called_only_from_its_thread() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Client
        {
            private readonly Worker _worker = new Worker();

            public void Open() => _worker.Start();

            private sealed class Worker
            {
                private readonly Func<Task> _flush = () => Task.Delay(1);

                public void Start() => new Thread(Loop).Start();

                private void Loop()
                {
                    while (true)
                    {
                        FlushNow();
                    }
                }

                private void FlushNow() => _flush().GetAwaiter().GetResult();
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    // TwitchDownloader's VideoDownloadThread: the worker method handed to a long-running StartNew as a method group.
    [Fact]
    public Task Ignores_a_method_group_started_with_LongRunning_and_its_helpers() => Verify.VerifyAnalyzerAsync(Usings + """
        class DownloadThread
        {
            private readonly Func<Task> _next = () => Task.Delay(1);

            public Task Start(CancellationToken token) =>
                Task.Factory.StartNew(Execute, token, TaskCreationOptions.LongRunning, TaskScheduler.Current);

            public Task StartDefault() =>
                Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

            private void Execute()
            {
                _next().GetAwaiter().GetResult();
                Pause();
            }

            private void Pump() => _next().Wait();

            private void Pause() => Task.Delay(100).Wait();
        }
        """);

    [Fact]
    public Task Flags_a_helper_also_called_from_code_that_is_not_on_an_own_thread() => Verify.VerifyAnalyzerAsync(Usings + """
        internal static class Waits
        {
            public static void Sleep(TimeSpan timeout) => [|Task.Delay(timeout).Wait()|];
        }

        class Monitor
        {
            public void Start()
            {
                new Thread(() => Waits.Sleep(TimeSpan.FromSeconds(1))).Start();
            }

            public void Refresh() => Waits.Sleep(TimeSpan.FromSeconds(1));
        }
        """);

    [Fact]
    public Task Flags_helpers_visible_outside_the_assembly_or_used_as_a_method_group() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Waits
        {
            private static readonly Func<Task> s_next = () => Task.Delay(1);

            public static void Next() => [|s_next().Wait()|];

            internal static void Drain() => [|s_next().Wait()|];
        }

        class Monitor
        {
            public void Start()
            {
                new Thread(() =>
                {
                    Waits.Next();
                    Waits.Drain();
                }).Start();
                Action later = Waits.Drain;
            }
        }
        """);

    [Fact]
    public Task Flags_a_method_group_started_on_the_pool_without_LongRunning() => Verify.VerifyAnalyzerAsync(Usings + """
        class DownloadThread
        {
            private readonly Func<Task> _next = () => Task.Delay(1);

            public Task Start(CancellationToken token) =>
                Task.Factory.StartNew(Execute, token, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

            public Task Run() => Task.Run(Pump);

            private void Execute() => [|_next().GetAwaiter().GetResult()|];

            private void Pump() => [|_next().Wait()|];
        }
        """);

    [Fact]
    public Task Flags_virtual_and_interface_members_called_only_from_a_thread() => Verify.VerifyAnalyzerAsync(Usings + """
        internal interface IProbe
        {
            void Probe();
        }

        internal class Probes : IProbe
        {
            private static readonly Func<Task> s_next = () => Task.Delay(1);

            public void Probe() => [|s_next().Wait()|];

            internal virtual void Check() => [|s_next().Wait()|];
        }

        class Monitor
        {
            public void Start(Probes probes)
            {
                new Thread(() =>
                {
                    probes.Probe();
                    probes.Check();
                }).Start();
            }
        }
        """);
}
