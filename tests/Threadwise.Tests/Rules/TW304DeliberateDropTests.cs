using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW304 on deliberate drops seen in real applications: script-bridge wrappers that swallow failures and return a completed
/// task, and background workers started with <c>Task.Run</c> (whether or not their task can fault). Next to each, the
/// neighbours that stay reported.
/// </summary>
public class TW304DeliberateDropTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Bridge = """

        interface IScriptBridge
        {
            ValueTask CallAsync(string function, params object[] args);
            ValueTask<T> CallAsync<T>(string function, params object[] args);
        }

        interface IRepository
        {
            Task SaveAsync();
            Task<int> CountAsync();
        }
        """;

    // ---- wrappers that say "completed now, failures ignored" -----------------------------------------------------

    [Fact]
    public Task Ignores_a_bridge_call_in_a_swallowing_try_followed_by_return_of_a_completed_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class PageScripts
        {
            private readonly IScriptBridge _bridge;

            public PageScripts(IScriptBridge bridge) => _bridge = bridge;

            public Task SetTitle(string title)
            {
                try
                {
                    _bridge.CallAsync("page.setTitle", title);
                    return Task.CompletedTask;
                }
                catch
                {
                    return Task.CompletedTask;
                }
            }

            public Task Highlight(string id, string color)
            {
                try
                {
                    _bridge.CallAsync<object>("page.highlight", id, color);
                    return Task.CompletedTask;
                }
                catch (Exception)
                {
                    return Task.CompletedTask;
                }
            }
        }
        """ + Bridge);

    [Fact]
    public Task Ignores_a_bridge_call_in_an_empty_catch_try_before_the_completed_return() => Verify.VerifyAnalyzerAsync(Usings + """
        class EditorScripts
        {
            private readonly IScriptBridge _bridge;

            public EditorScripts(IScriptBridge bridge) => _bridge = bridge;

            public Task Attach(string element)
            {
                try
                {
                    _bridge.CallAsync("editor.attach", element);
                }
                catch
                {
                }

                return Task.CompletedTask;
            }

            public Task Resize(string element, int width)
            {
                try
                {
                    _bridge.CallAsync("editor.resize", element, width);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.Message);
                }
                finally
                {
                    Console.WriteLine("resized");
                }

                return Task.CompletedTask;
            }
        }
        """ + Bridge);

    [Fact]
    public Task Ignores_the_swallowing_wrapper_with_a_result_or_a_ValueTask() => Verify.VerifyAnalyzerAsync(Usings + """
        class StorageScripts
        {
            private readonly IScriptBridge _bridge;

            public StorageScripts(IScriptBridge bridge) => _bridge = bridge;

            public Task<bool> Put(string key, object value)
            {
                try
                {
                    _bridge.CallAsync("store.put", key, value);
                    return Task.FromResult(true);
                }
                catch
                {
                    return Task.FromResult(false);
                }
            }

            public ValueTask Remove(string key)
            {
                try
                {
                    _bridge.CallAsync("store.remove", key);
                    return default;
                }
                catch
                {
                    return new ValueTask();
                }
            }
        }
        """ + Bridge);

    [Fact]
    public Task Ignores_the_swallowing_wrapper_written_as_a_lambda_or_local_function() => Verify.VerifyAnalyzerAsync(Usings + """
        class Toolbar
        {
            public Func<Task>[] Bind(IScriptBridge bridge, string id)
            {
                Task Focus()
                {
                    try
                    {
                        bridge.CallAsync("toolbar.focus", id);
                        return Task.CompletedTask;
                    }
                    catch
                    {
                        return Task.CompletedTask;
                    }
                }

                Func<Task> blink = () =>
                {
                    try
                    {
                        bridge.CallAsync("toolbar.blink", id);
                    }
                    catch (Exception)
                    {
                    }

                    return Task.CompletedTask;
                };

                return new[] { Focus, blink };
            }
        }
        """ + Bridge);

    [Fact]
    public Task Flags_a_dropped_call_before_a_completed_return_without_a_swallowing_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class Orders
        {
            private readonly IRepository _repo;
            private readonly IScriptBridge _bridge;

            public Orders(IRepository repo, IScriptBridge bridge)
            {
                _repo = repo;
                _bridge = bridge;
            }

            public Task SaveAsync()
            {
                [|_repo.SaveAsync()|];
                return Task.CompletedTask;
            }

            public Task Pause(int milliseconds)
            {
                [|Task.Delay(milliseconds)|];
                return Task.CompletedTask;
            }

            // An overload that drops its sibling's task: no swallowing try says failures are meant to be ignored.
            public Task Notify(string text)
            {
                [|Notify(text, 1)|];
                return Task.CompletedTask;
            }

            public ValueTask<bool> Notify(string text, int priority)
            {
                try
                {
                    return _bridge.CallAsync<bool>("notify", text, priority);
                }
                catch
                {
                    return new ValueTask<bool>(false);
                }
            }
        }
        """ + Bridge);

    [Fact]
    public Task Flags_a_dropped_close_in_a_void_method_even_inside_a_swallowing_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class FeedConnection
        {
            private ClientWebSocket? _socket;

            private void Close(WebSocketCloseStatus status, CancellationToken token)
            {
                try
                {
                    [|_socket?.CloseOutputAsync(status, "closing", token)|];
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.GetType().Name);
                }
            }

            public void Reset()
            {
                try
                {
                    [|Task.Delay(250)|];
                }
                catch
                {
                }
            }
        }
        """);

    [Fact]
    public Task Flags_the_wrapper_when_the_catch_is_narrow_rethrows_or_reports_the_failure() => Verify.VerifyAnalyzerAsync(Usings + """
        class Scripts
        {
            private readonly IScriptBridge _bridge = null!;

            public Task Narrow()
            {
                try
                {
                    [|_bridge.CallAsync("a")|];
                    return Task.CompletedTask;
                }
                catch (InvalidOperationException)
                {
                    return Task.CompletedTask;
                }
            }

            public Task Rethrows()
            {
                try
                {
                    [|_bridge.CallAsync("b")|];
                    return Task.CompletedTask;
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e);
                    throw;
                }
            }

            public Task Reports()
            {
                try
                {
                    [|_bridge.CallAsync("c")|];
                    return Task.CompletedTask;
                }
                catch (Exception e)
                {
                    return Task.FromException(e);
                }
            }
        }
        """ + Bridge);

    [Fact]
    public Task Flags_the_wrapper_when_another_return_passes_a_task_on_or_work_follows_the_drop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Scripts
        {
            private readonly IScriptBridge _bridge = null!;
            private readonly IRepository _repo = null!;

            public Task Sometimes(bool wait)
            {
                try
                {
                    if (wait)
                    {
                        return _repo.SaveAsync();
                    }

                    [|_bridge.CallAsync("a")|];
                    return Task.CompletedTask;
                }
                catch
                {
                    return Task.CompletedTask;
                }
            }

            public Task MoreWork()
            {
                try
                {
                    [|_repo.SaveAsync()|];
                    Console.WriteLine("saved");
                    return Task.CompletedTask;
                }
                catch
                {
                    return Task.CompletedTask;
                }
            }
        }
        """ + Bridge);

    // ---- background workers whose task cannot fault ----------------------------------------------------------------

    [Fact]
    public Task Ignores_Task_Run_of_an_async_void_method_whose_task_always_succeeds() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sweeper
        {
            private int _state;
            private readonly CancellationTokenSource _cts = new();

            internal void Start()
            {
                if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
                {
                    Task.Run(Sweep);
                }

                Task.Run(new Action(async () => await Task.Delay(10, _cts.Token)));
            }

            // TW302 reports this conversion (its exceptions reach the thread pool); the task Task.Run returns never faults.
            private async void Sweep()
            {
                while (!_cts.IsCancellationRequested)
                {
                    await Task.Delay(1000, _cts.Token);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_Task_Run_of_a_synchronous_worker_whose_body_catches_everything() => Verify.VerifyAnalyzerAsync(Usings + """
        class Snapshotter
        {
            private TaskCompletionSource<bool> _done = new();

            internal void Begin(bool throttled, Action<int> writeChunk, int chunks)
            {
                _done = new TaskCompletionSource<bool>();
                if (throttled)
                {
                    Task.Run(Flush);
                }
                else
                {
                    Flush();
                }

                Task.Factory.StartNew(Compact, TaskCreationOptions.LongRunning);

                void Flush()
                {
                    try
                    {
                        for (var i = 0; i < chunks; i++)
                        {
                            writeChunk(i);
                        }

                        _done.TrySetResult(true);
                    }
                    catch (Exception e)
                    {
                        _done.TrySetException(e);
                    }
                    finally
                    {
                        Console.WriteLine("flushed");
                    }
                }
            }

            private void Compact()
            {
                try
                {
                    Console.WriteLine("compacting");
                }
                catch
                {
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_Task_Run_of_workers_that_can_fault() => Verify.VerifyAnalyzerAsync(Usings + """
        class Shifter
        {
            private readonly IRepository _repo = null!;

            internal void Kick()
            {
                // try/finally only: an exception ends the worker unseen.
                Task.Run(ShiftGuarded);

                // A narrower catch lets other exceptions out.
                Task.Run(ShiftNarrow);

                // Synchronous and returning a task made elsewhere: the catch does not see that task fault.
                Task.Run(SaveGuarded);
                Task.Run(() =>
                {
                    try
                    {
                        return _repo.SaveAsync();
                    }
                    catch (Exception)
                    {
                        return Task.CompletedTask;
                    }
                });
            }

            private void ShiftGuarded()
            {
                try
                {
                    Console.WriteLine("shift");
                }
                finally
                {
                    Console.WriteLine("done");
                }
            }

            private void ShiftNarrow()
            {
                try
                {
                    Console.WriteLine("shift");
                }
                catch (InvalidOperationException)
                {
                }
            }

            private Task SaveGuarded()
            {
                try
                {
                    return _repo.SaveAsync();
                }
                catch
                {
                    return Task.CompletedTask;
                }
            }
        }
        """ + Bridge);

    private const string Components = """

        namespace Microsoft.AspNetCore.Components
        {
            public abstract class ComponentBase
            {
                private readonly Func<Func<Task>, Task> _dispatch = work => work();
                protected Task InvokeAsync(Action workItem) => _dispatch(() => { workItem(); return Task.CompletedTask; });
                protected Task InvokeAsync(Func<Task> workItem) => _dispatch(workItem);
                protected void StateHasChanged() { }
            }
        }

        """;

    // Remotely's device card: a progress callback on another thread asks Blazor to re-render.
    [Fact]
    public Task Ignores_a_rerender_request_from_a_component_callback() => Verify.VerifyAnalyzerAsync(Usings + Components + """
        sealed class DeviceCard : Microsoft.AspNetCore.Components.ComponentBase
        {
            private double _progress;

            public void OnUploadProgress(double percent)
            {
                _progress = percent;
                InvokeAsync(StateHasChanged);
            }

            public void OnDone() => InvokeAsync(() => StateHasChanged());
        }
        """);

    [Fact]
    public Task Flags_other_work_handed_to_a_component_dispatcher() => Verify.VerifyAnalyzerAsync(Usings + Components + """
        sealed class DeviceCard : Microsoft.AspNetCore.Components.ComponentBase
        {
            private double _progress;

            public void OnUploadProgress(double percent)
            {
                [|InvokeAsync(() => { _progress = percent; StateHasChanged(); })|];
                [|InvokeAsync(SaveAsync)|];
            }

            private Task SaveAsync() => Task.Delay(1);
        }
        """);
}
