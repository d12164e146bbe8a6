using Verify301 = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW301AsyncVoidMethodAnalyzer, Threadwise.Fixes.Correctness.TW301AsyncVoidMethodCodeFix>;
using Verify302 = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW302AsyncVoidDelegateAnalyzer, Threadwise.Fixes.Correctness.TW302AsyncVoidDelegateCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// The async void function of a SynchronizationContext subclass (an AsyncPump / RunSync pump) reports its exceptions to
/// the pump that runs it, which rethrows them on the waiting thread: not TW301, and posting it is not TW302. The same
/// functions in an ordinary class stay reported.
/// </summary>
public class TW301ContextPumpTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Runtime.ExceptionServices;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Pump = Usings + """
        public static class AsyncHelpers
        {
            public static void RunSync(Func<Task> task)
            {
                var previous = SynchronizationContext.Current;
                var context = new PumpContext(task);
                try
                {
                    SynchronizationContext.SetSynchronizationContext(context);
                    context.Run();
                }
                finally
                {
                    SynchronizationContext.SetSynchronizationContext(previous);
                }
            }
        }

        """;

    internal const string PumpContext = Pump + """
        public sealed class PumpContext : SynchronizationContext
        {
            private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _items = new();
            private readonly AutoResetEvent _waiting = new(false);
            private readonly Func<Task> _task;
            private ExceptionDispatchInfo? _caught;
            private bool _done;

            public PumpContext(Func<Task> task) => _task = task;

            public override void Post(SendOrPostCallback d, object? state)
            {
                _items.Enqueue((d, state));
                _waiting.Set();
            }

            public void Run()
            {
                async void RunFunction(object? _)
                {
                    try
                    {
                        await _task();
                    }
                    catch (Exception exception)
                    {
                        _caught = ExceptionDispatchInfo.Capture(exception);
                        throw;
                    }
                    finally
                    {
                        Post(_ => _done = true, null);
                    }
                }

                Post(RunFunction, null);
                Post(async _ => await _task(), null);
                Post(Start, null);

                while (!_done)
                {
                    if (_items.TryDequeue(out var item))
                    {
                        item.Callback(item.State);
                        _caught?.Throw();
                    }
                    else
                    {
                        _waiting.WaitOne();
                    }
                }
            }

            private async void Start(object? state)
            {
                await _task();
                throw new InvalidOperationException("done");
            }
        }
        """;

    internal const string OrdinaryClass = Usings + """
        public sealed class Worker
        {
            private readonly Func<Task> _task = () => Task.CompletedTask;

            public void Run(SynchronizationContext context)
            {
                async void {|#0:RunFunction|}(object? _)
                {
                    await _task();
                    throw new InvalidOperationException("done");
                }

                context.Post({|#1:RunFunction|}, null);
                context.Post({|#2:async _ => await _task()|}, null);
                context.Post({|#3:Start|}, null);
            }

            private async void {|#4:Start|}(object? state)
            {
                await _task();
                throw new InvalidOperationException("done");
            }
        }
        """;

    [Fact]
    public Task Ignores_the_async_void_functions_of_a_context_pump() => new Verify301.Test
    {
        TestCode = PumpContext,
        NullableContextOptions = Microsoft.CodeAnalysis.NullableContextOptions.Enable,
    }.RunAsync();

    [Fact]
    public Task Flags_the_same_functions_in_an_ordinary_class() => new Verify301.Test
    {
        TestCode = OrdinaryClass,
        FixedCode = OrdinaryClass,
        NullableContextOptions = Microsoft.CodeAnalysis.NullableContextOptions.Enable,
        ExpectedDiagnostics = { Verify301.Diagnostic().WithLocation(0), Verify301.Diagnostic().WithLocation(4) },
    }.RunAsync();

}

/// <summary>Posting the pump's own async functions to itself is not TW302 (see <see cref="TW301ContextPumpTests"/>).</summary>
public class TW302ContextPumpTests
{
    [Fact]
    public Task Ignores_a_pump_posting_its_own_async_functions() => new Verify302.Test
    {
        TestCode = TW301ContextPumpTests.PumpContext,
        NullableContextOptions = Microsoft.CodeAnalysis.NullableContextOptions.Enable,
    }.RunAsync();

    [Fact]
    public Task Flags_the_same_posts_in_an_ordinary_class() => new Verify302.Test
    {
        TestCode = TW301ContextPumpTests.OrdinaryClass,
        FixedCode = TW301ContextPumpTests.OrdinaryClass,
        NullableContextOptions = Microsoft.CodeAnalysis.NullableContextOptions.Enable,
        ExpectedDiagnostics = { Verify302.Diagnostic().WithLocation(1), Verify302.Diagnostic().WithLocation(2), Verify302.Diagnostic().WithLocation(3) },
    }.RunAsync();
}
