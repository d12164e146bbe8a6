using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A synchronous hop onto the UI thread (Avalonia's and WPF's <c>Dispatcher.Invoke</c>, Windows Forms' <c>Control.Invoke</c>)
/// does no I/O: TW102 does not suggest <c>InvokeAsync</c> for it. The frameworks are stand-ins with the real namespaces and
/// names (the built-in list matches documentation-comment IDs); a dispatcher of another namespace, a wait on the hop's
/// task and real blocking next to the hop stay reported.
/// </summary>
public class TW102UiDispatcherTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>Avalonia's, WPF's and Windows Forms' synchronous and asynchronous hops, as the packages declare them.</summary>
    internal const string UiFrameworks = """

        namespace Avalonia.Threading
        {
            public sealed class Dispatcher
            {
                public static Dispatcher UIThread { get; } = new Dispatcher();
                public bool CheckAccess() => true;
                public void Invoke(Action callback) => callback();
                public TResult Invoke<TResult>(Func<TResult> callback) => callback();
                public Task InvokeAsync(Action callback) => Task.Run(callback);
                public Task<TResult> InvokeAsync<TResult>(Func<TResult> callback) => Task.Run(callback);
            }
        }

        namespace System.Windows.Threading
        {
            public sealed class Dispatcher
            {
                public void Invoke(Action callback) => callback();
                public Task InvokeAsync(Action callback) => Task.Run(callback);
            }
        }

        namespace System.Windows.Forms
        {
            public class Control
            {
                public object Invoke(Delegate method) => method.DynamicInvoke();
                public Task InvokeAsync(Action callback) => Task.Run(callback);
            }
        }

        namespace Shop.Threading
        {
            public sealed class Dispatcher
            {
                public void Invoke(Action callback) => callback();
                public Task InvokeAsync(Action callback) => Task.Run(callback);
            }
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_Avalonia_dispatcher_hops_in_async_code_and_pool_loops() => Verify.VerifyAnalyzerAsync(Usings + """
        using Avalonia.Threading;

        sealed class RepositoryView
        {
            public string Status { get; private set; } = "";

            public Task RefreshAsync(HttpClient client) => Task.Run(async () =>
            {
                var status = await client.GetStringAsync("https://example.com/status").ConfigureAwait(false);
                Dispatcher.UIThread.Invoke(() => Status = status);
                var length = Dispatcher.UIThread.Invoke(() => Status.Length);
            });

            public async Task LogAsync(string line)
            {
                await Task.Yield();
                if (!Dispatcher.UIThread.CheckAccess())
                {
                    Dispatcher.UIThread.Invoke(() => Status = line);
                }
            }
        }
        """ + UiFrameworks);

    [Fact]
    public Task Ignores_WPF_and_Windows_Forms_hops_in_async_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ProgressWindow
        {
            private readonly System.Windows.Threading.Dispatcher _dispatcher = new System.Windows.Threading.Dispatcher();
            private readonly System.Windows.Forms.Control _label = new System.Windows.Forms.Control();

            public string Text { get; private set; } = "";

            public async Task CopyAsync(Stream source, Stream target, IProgress<long> progress)
            {
                await source.CopyToAsync(target).ConfigureAwait(false);
                _dispatcher.Invoke(() => Text = "copied");
                _label.Invoke(new Action(() => Text = "done"));
            }
        }
        """ + UiFrameworks);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_dispatcher_of_another_namespace_and_blocking_next_to_a_hop() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Worker
        {
            private readonly Shop.Threading.Dispatcher _dispatcher = new Shop.Threading.Dispatcher();

            public string Status { get; private set; } = "";

            public async Task RunAsync(string path)
            {
                await Task.Yield();
                [|_dispatcher.Invoke(() => Status = "started")|];
                var text = [|File.ReadAllText(path)|];
                Avalonia.Threading.Dispatcher.UIThread.Invoke(() => Status = text);
                [|Thread.Sleep(100)|];
            }
        }
        """ + UiFrameworks);
}
