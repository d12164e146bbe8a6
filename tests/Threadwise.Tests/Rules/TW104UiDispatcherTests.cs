using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A helper that hops onto the UI thread with <c>Dispatcher.Invoke</c> or <c>Control.Invoke</c> does not block in the sense
/// of TW104: the hop is not a leaf (SourceGit's log helpers, called from every async git command). A helper that also
/// blocks on real work is still reported, with that call as its leaf.
/// </summary>
public class TW104UiDispatcherTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Avalonia.Threading;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_log_helpers_that_hop_onto_the_UI_thread_when_called_off_it() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CommandLog
        {
            private string _text = "";

            public void AppendLine(string line)
            {
                if (!Dispatcher.UIThread.CheckAccess())
                {
                    Dispatcher.UIThread.Invoke(() => AppendLine(line));
                    return;
                }

                _text += line + Environment.NewLine;
            }

            public void Complete() => Dispatcher.UIThread.Invoke(() => _text += "done");
        }

        sealed class FetchCommand
        {
            private readonly CommandLog _log = new CommandLog();

            public async Task<bool> RunAsync(Func<Task<string>> git)
            {
                _log.AppendLine("git fetch");
                var output = await git().ConfigureAwait(false);
                _log.AppendLine(output);
                _log.Complete();
                return output.Length > 0;
            }
        }
        """ + TW102UiDispatcherTests.UiFrameworks);

    [Fact]
    public Task Ignores_a_form_helper_that_marshals_through_Control_Invoke() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class StatusBar : System.Windows.Forms.Control
        {
            public string Status { get; private set; } = "";

            public void Show(string status) => Invoke(new Action(() => Status = status));

            public async Task WatchAsync(Func<Task<string>> poll)
            {
                for (var i = 0; i < 3; i++)
                {
                    Show(await poll());
                }
            }
        }
        """ + TW102UiDispatcherTests.UiFrameworks);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_hop_helper_that_also_writes_a_file_naming_the_write() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CommandLog
        {
            private readonly string _path;
            private string _text = "";

            public CommandLog(string path) => _path = path;

            public void AppendLine(string line)
            {
                Dispatcher.UIThread.Invoke(() => _text += line);
                File.AppendAllText(_path, line);
            }
        }

        sealed class FetchCommand
        {
            private readonly CommandLog _log = new CommandLog("fetch.log");

            public async Task RunAsync(Func<Task<string>> git)
            {
                var output = await git();
                {|#0:_log.AppendLine(output)|};
            }
        }
        """ + TW102UiDispatcherTests.UiFrameworks,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'CommandLog.AppendLine' blocks: CommandLog.AppendLine → File.AppendAllText; make it async and await 'File.AppendAllTextAsync'"));

    [Fact]
    public Task Flags_a_helper_that_waits_on_the_asynchronous_hop() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CommandLog
        {
            private string _text = "";

            public void AppendLine(string line) => Dispatcher.UIThread.InvokeAsync(() => _text += line).Wait();
        }

        sealed class FetchCommand
        {
            private readonly CommandLog _log = new CommandLog();

            public async Task RunAsync(Func<Task<string>> git)
            {
                var output = await git();
                {|#0:_log.AppendLine(output)|};
            }
        }
        """ + TW102UiDispatcherTests.UiFrameworks,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'CommandLog.AppendLine' blocks: CommandLog.AppendLine → Dispatcher.UIThread.InvokeAsync(() => _text += line).Wait(); make it async and await the task"));
}
