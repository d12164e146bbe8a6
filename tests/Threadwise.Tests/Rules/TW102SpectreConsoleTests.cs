using Threadwise.Rules.Blocking;
using Threadwise.Tests.Verifiers;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Spectre.Console's console is the terminal, as <c>System.Console</c> is: a prompt on an async path of a command-line
/// program waits for its user's keys, and <c>PromptAsync</c> waits for the same keys (N_m3u8DL-RE's stream selection).
/// Not reported directly (TW102) nor as a leaf of a helper (TW104). A look-alike type outside the Spectre.Console
/// namespace is not the terminal.
/// </summary>
public class TW102SpectreConsoleTests
{
    private const string Spectre = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Spectre.Console
        {
            public interface IAnsiConsoleInput
            {
                ConsoleKeyInfo? ReadKey(bool intercept);
                Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken);
            }

            public interface IAnsiConsole { IAnsiConsoleInput Input { get; } }

            public interface IPrompt<T>
            {
                T Show(IAnsiConsole console);
                Task<T> ShowAsync(IAnsiConsole console, CancellationToken cancellationToken);
            }

            public sealed class TextPrompt<T> : IPrompt<T>
            {
                public TextPrompt(string prompt) { }
                public T Show(IAnsiConsole console) => default!;
                public Task<T> ShowAsync(IAnsiConsole console, CancellationToken cancellationToken) => Task.FromResult<T>(default!);
            }

            public static class AnsiConsole
            {
                public static IAnsiConsole Console => null!;
                public static T Prompt<T>(IPrompt<T> prompt) => default!;
                public static Task<T> PromptAsync<T>(IPrompt<T> prompt, CancellationToken cancellationToken = default) => Task.FromResult<T>(default!);
            }

            public static class AnsiConsoleExtensions
            {
                public static T Prompt<T>(this IAnsiConsole console, IPrompt<T> prompt) => default!;
                public static Task<T> PromptAsync<T>(this IAnsiConsole console, IPrompt<T> prompt, CancellationToken cancellationToken = default) => Task.FromResult<T>(default!);
            }
        }

        namespace Terminal.Fake
        {
            public static class AnsiConsoleExtensions
            {
                public static string Prompt(this System.IO.TextReader reader, string question) => reader.ReadLine() ?? "";
                public static Task<string> PromptAsync(this System.IO.TextReader reader, string question) => Task.FromResult("");
            }
        }

        """;

    [Fact]
    public Task Ignores_Spectre_prompts_and_key_reads_on_an_async_path() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Spectre + """
            namespace Downloader
            {
                using Spectre.Console;

                public sealed class StreamChooser
                {
                    public async Task<string> ChooseAsync(Func<Task<List<string>>> parse)
                    {
                        var streams = await parse();
                        var name = AnsiConsole.Prompt(new TextPrompt<string>("Which stream?"));
                        var again = AnsiConsole.Console.Prompt(new TextPrompt<bool>("Sure?"));
                        var key = AnsiConsole.Console.Input.ReadKey(intercept: true);
                        IPrompt<int> count = new TextPrompt<int>("How many?");
                        var n = count.Show(AnsiConsole.Console);
                        return again ? name + streams.Count + n + key : streams[0];
                    }
                }
            }
            """);

    [Fact]
    public Task Ignores_a_Spectre_prompt_as_the_leaf_of_a_helper() =>
        CSharpAnalyzerVerifier<TW104BlockingHelperInAsyncAnalyzer>.VerifyAnalyzerAsync(Spectre + """
            namespace Downloader
            {
                using Spectre.Console;

                public static class FilterUtil
                {
                    public static List<string> SelectStreams(List<string> streams) =>
                        new List<string> { AnsiConsole.Console.Prompt(new TextPrompt<string>("Select")) };
                }

                public sealed class Program
                {
                    public async Task<int> RunAsync(Func<Task<List<string>>> parse)
                    {
                        var streams = await parse();
                        return FilterUtil.SelectStreams(streams).Count;
                    }
                }
            }
            """);

    [Fact]
    public Task Flags_a_look_alike_console_type_outside_Spectre() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Spectre + """
            namespace Downloader
            {
                using Terminal.Fake;

                public sealed class Chooser
                {
                    public async Task<string> ChooseAsync(Func<Task<System.IO.TextReader>> open)
                    {
                        var reader = await open();
                        return [|reader.Prompt("Which?")|];
                    }
                }
            }
            """);

    // Code that prompts on the terminal is a command-line program's: its local file I/O is judged as an application's,
    // in a library too (TerminalCode). Spectre in a catch only does not count.
    [Fact]
    public Task Ignores_local_file_io_in_a_library_method_that_prompts_on_the_terminal() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Spectre + """
            namespace Downloader
            {
                using Spectre.Console;

                public sealed class SaveCommand
                {
                    public async Task SaveAsync(Func<Task<string>> fetch)
                    {
                        var text = await fetch();
                        var path = AnsiConsole.Prompt(new TextPrompt<string>("Save to?"));
                        System.IO.File.WriteAllText(path, text);
                    }
                }
            }
            """);

    [Fact]
    public Task Flags_local_file_io_in_a_library_method_that_uses_Spectre_only_in_a_catch() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Spectre + """
            namespace Downloader
            {
                using Spectre.Console;

                public sealed class SaveCommand
                {
                    public async Task SaveAsync(Func<Task<string>> fetch, string path)
                    {
                        try
                        {
                            var text = await fetch();
                            [|System.IO.File.WriteAllText(path, text)|];
                        }
                        catch (System.IO.IOException)
                        {
                            AnsiConsole.Prompt(new TextPrompt<string>("Failed; press enter"));
                        }
                    }
                }
            }
            """);
}
