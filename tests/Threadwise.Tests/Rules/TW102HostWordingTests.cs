using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW102 names the thread the compilation knows is blocked: a request thread only in the code an ASP.NET Core host calls
/// for a request (a controller, page model, hub or middleware), the calling thread in a server's background jobs and
/// helpers, and the UI thread of a Blazor WebAssembly client, which is no server at all.
/// </summary>
public class TW102HostWordingTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Server = "Microsoft.AspNetCore.Http.Abstractions";
    private const string WebAssembly = "Microsoft.AspNetCore.Components.WebAssembly";

    private static Verify.Test In(string code, string message, params string[] references)
    {
        var test = new Verify.Test { TestCode = Usings + code };
        foreach (var reference in references)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        }

        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithMessage(message));
        return test;
    }

    [Fact]
    public Task Speaks_of_a_request_thread_in_a_controller_of_a_server() => In("""
        public sealed class ReportsController
        {
            public async Task<string> GetAsync(string path)
            {
                await Task.Yield();
                return {|#0:File.ReadAllText(path)|};
            }
        }
        """,
        "'File.ReadAllText' blocks a request thread (thread-pool starvation under load) while it waits; await 'File.ReadAllTextAsync' instead",
        Server).RunAsync();

    [Fact]
    public Task Speaks_of_the_calling_thread_in_a_hosted_job_runner_of_a_server() => In("""
        public interface IHostedService
        {
            Task StartAsync(CancellationToken cancellationToken);
            Task StopAsync(CancellationToken cancellationToken);
        }

        public abstract class JobRunner : IHostedService
        {
            public virtual string ExecuteJob(IServiceProvider provider) => "";

            public Task StartAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            private async Task RunAsync(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(60000, cancellationToken);
                    {|#0:Thread.Sleep(100)|};
                }
            }
        }
        """,
        "'Thread.Sleep' blocks the calling thread while it waits; await 'Task.Delay' instead",
        Server).RunAsync();

    [Fact]
    public Task Speaks_of_the_calling_thread_in_a_helper_of_a_server() => In("""
        public sealed class UserImporter
        {
            public async Task<int> ImportAsync(StreamReader reader)
            {
                var count = 0;
                await Task.Yield();
                while ({|#0:reader.ReadLine()|} is { } line)
                {
                    count += line.Length > 0 ? 1 : 0;
                }

                return count;
            }
        }
        """,
        "'StreamReader.ReadLine' blocks the calling thread while it waits; await 'StreamReader.ReadLineAsync' instead",
        Server).RunAsync();

    [Fact]
    public Task Speaks_of_the_UI_thread_of_a_Blazor_WebAssembly_client() => In("""
        public static class AssemblyLoader
        {
            public static async Task<byte[]> LoadAsync(Stream source)
            {
                await Task.Yield();
                var target = new MemoryStream();
                {|#0:source.CopyTo(target)|};
                return target.ToArray();
            }
        }
        """,
        "'Stream.CopyTo' blocks the UI thread of a Blazor WebAssembly app while it waits; await 'Stream.CopyToAsync' instead",
        "Microsoft.AspNetCore.Components", WebAssembly).RunAsync();

    [Fact]
    public Task Speaks_of_a_request_thread_in_a_server_that_hosts_a_WebAssembly_client() => In("""
        public sealed class InstallationController
        {
            public async Task<byte[]> LoadAsync(string path)
            {
                await Task.Yield();
                return {|#0:File.ReadAllBytes(path)|};
            }
        }
        """,
        "'File.ReadAllBytes' blocks a request thread (thread-pool starvation under load) while it waits; await 'File.ReadAllBytesAsync' instead",
        WebAssembly, Server).RunAsync();

    // A library that references a UI framework: only its UI code is known to run on the UI thread (git-credential-manager's
    // core holds its command-line commands beside its Avalonia windows); an application's async code all counts.
    private const string UiLibraryCode = """
        public sealed class NetworkingDiagnostic
        {
            public async Task RunAsync(Stream response, byte[] body)
            {
                await Task.Yield();
                {|#0:response.Write(body, 0, body.Length)|};
            }
        }

        public sealed class ProgressWindow : Avalonia.Controls.Window
        {
            public async Task ShowAsync(Stream response, byte[] body)
            {
                await Task.Yield();
                {|#1:response.Write(body, 0, body.Length)|};
            }
        }

        public sealed class AccountsViewModel : System.ComponentModel.INotifyPropertyChanged
        {
            public event System.ComponentModel.PropertyChangedEventHandler? PropertyChanged;

            public async Task LoadAsync(Stream response, byte[] body)
            {
                await Task.Yield();
                {|#2:response.Write(body, 0, body.Length)|};
                PropertyChanged?.Invoke(this, new System.ComponentModel.PropertyChangedEventArgs("Accounts"));
            }
        }
        """;

    private static Verify.Test UiLibrary(Microsoft.CodeAnalysis.OutputKind outputKind, string helperThread, string code) => new()
    {
        TestState =
        {
            Sources = { Usings + code },
            OutputKind = outputKind,
            AdditionalReferences =
            {
                TestReferences.EmptyAssembly("Avalonia.Base"),
                TestReferences.Library("Avalonia.Controls", "namespace Avalonia.Controls { public class Window { } }"),
            },
        },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage($"'Stream.Write' blocks {helperThread} while it waits; await 'Stream.WriteAsync' instead"),
            Verify.Diagnostic().WithLocation(1).WithMessage("'Stream.Write' blocks the UI thread while it waits; await 'Stream.WriteAsync' instead"),
            Verify.Diagnostic().WithLocation(2).WithMessage("'Stream.Write' blocks the UI thread while it waits; await 'Stream.WriteAsync' instead"),
        },
    };

    [Fact]
    public Task Speaks_of_the_UI_thread_only_in_the_UI_code_of_a_library_that_references_a_UI_framework() =>
        UiLibrary(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, "the calling thread", UiLibraryCode).RunAsync();

    [Fact]
    public Task Speaks_of_the_UI_thread_everywhere_in_a_UI_app() =>
        UiLibrary(Microsoft.CodeAnalysis.OutputKind.WindowsApplication, "the UI thread", UiLibraryCode + """

            static class Program
            {
                static void Main() { }
            }
            """).RunAsync();
}
