using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW302AsyncVoidDelegateAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An async lambda given to the constructor of an <c>ICommand</c> that has no asynchronous form runs as a UI command, which
/// the framework executes like an event handler (SourceGit's <c>App.Command</c>): not TW302. A command type with an async
/// form — a constructor taking a task-returning delegate, or an <c>Async…</c> sibling such as <c>AsyncRelayCommand</c> —
/// and an action that is not a command's are still reported, except, in a UI app, one the app's own type keeps for its UI
/// to run (SourceGit's command palette entries).
/// </summary>
public class TW302CommandActionTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using System.Windows.Input;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_async_actions_of_an_apps_own_command_class() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Command : ICommand
        {
            private readonly Action<object?> _action;

            public Command(Action<object?> action) => _action = action;

            public event EventHandler? CanExecuteChanged { add { } remove { } }

            public bool CanExecute(object? parameter) => true;

            public void Execute(object? parameter) => _action(parameter);
        }

        public static class AppCommands
        {
            public static readonly Command OpenPreferences = new Command(async _ => await ShowDialogAsync("preferences"));
            public static readonly Command OpenAbout = new Command(async delegate (object? p) { await ShowDialogAsync("about"); });
            public static readonly Command Quit = new(async _ =>
            {
                await SaveAsync();
                Environment.Exit(0);
            });

            private static Task ShowDialogAsync(string name) => Task.Delay(name.Length);

            private static Task SaveAsync() => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_async_actions_of_a_generic_command_without_an_async_form() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Mvvm
        {
            public sealed class DelegateCommand<T> : ICommand
            {
                private readonly Action<T> _execute;

                public DelegateCommand(Action<T> execute, Func<T, bool>? canExecute = null) => _execute = execute;

                public event EventHandler? CanExecuteChanged { add { } remove { } }

                public bool CanExecute(object? parameter) => true;

                public void Execute(object? parameter) => _execute((T)parameter!);
            }

            public sealed class ReposViewModel
            {
                public ReposViewModel() => Fetch = new DelegateCommand<string>(async name => await FetchAsync(name));

                public DelegateCommand<string> Fetch { get; }

                private static Task FetchAsync(string name) => Task.Delay(name.Length);
            }
        }
        """);

    // SourceGit's command palette: each entry keeps the action the UI runs when the user picks it.
    private const string PaletteEntries = """
        public sealed class PaletteEntry
        {
            private readonly Action? _fallback;

            public PaletteEntry(string label, Action action)
            {
                Label = label;
                Action = action;
            }

            public PaletteEntry(Action fallback, string label)
            {
                Label = label;
                _fallback = fallback;
            }

            public string Label { get; }

            public Action? Action { get; }

            public void Run() => (Action ?? _fallback)?.Invoke();
        }

        public sealed class RepositoryPalette
        {
            private readonly PaletteEntry[] _entries;

            public RepositoryPalette(Repository repo) => _entries = new[]
            {
                new PaletteEntry("Fetch", MARK0),
                new PaletteEntry(MARK1, "Push"),
            };
        }

        public sealed class Repository
        {
            public Task FetchAsync(bool autoStart) => Task.Delay(1);

            public Task PushAsync(bool autoStart) => Task.Delay(1);
        }
        """;

    [Fact]
    public Task Ignores_async_actions_a_UI_apps_own_palette_entries_keep() => new Verify.Test
    {
        TestCode = Usings + PaletteEntries
            .Replace("MARK0", "async () => await repo.FetchAsync(false)")
            .Replace("MARK1", "async () => await repo.PushAsync(false)"),
        AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") },
    }.RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_async_actions_palette_entries_keep_outside_a_UI_app() => Verify.VerifyAnalyzerAsync(
        Usings + PaletteEntries
            .Replace("MARK0", "{|#0:async () => await repo.FetchAsync(false)|}")
            .Replace("MARK1", "{|#1:async () => await repo.PushAsync(false)|}"),
        Verify.Diagnostic().WithLocation(0),
        Verify.Diagnostic().WithLocation(1));

    [Fact]
    public Task Flags_async_actions_a_UI_apps_type_runs_at_once_instead_of_keeping() => new Verify.Test
    {
        TestCode = Usings + """
            public sealed class Step
            {
                public Step(string label, Action action)
                {
                    Label = label;
                    Task.Run(action);
                }

                public string Label { get; }
            }

            public sealed class Wizard
            {
                private readonly Step _first = new Step("load", {|#0:async () => await Task.Delay(1)|});
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0) },
    }.RunAsync();

    [Fact]
    public Task Flags_async_actions_of_a_command_with_an_async_sibling_type() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace CommunityToolkit.Mvvm.Input
        {
            public sealed class RelayCommand : ICommand
            {
                private readonly Action _execute;

                public RelayCommand(Action execute) => _execute = execute;

                public event EventHandler? CanExecuteChanged { add { } remove { } }

                public bool CanExecute(object? parameter) => true;

                public void Execute(object? parameter) => _execute();
            }

            public sealed class AsyncRelayCommand
            {
                public AsyncRelayCommand(Func<Task> execute) { }
            }
        }

        namespace App
        {
            using CommunityToolkit.Mvvm.Input;

            public sealed class MainViewModel
            {
                public MainViewModel() => Load = new RelayCommand({|#0:async () => await LoadAsync()|});

                public RelayCommand Load { get; }

                private static Task LoadAsync() => Task.Delay(1);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_async_actions_of_a_command_that_also_takes_a_task_and_of_a_palette_entry() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Command : ICommand
        {
            public Command(Action<object?> action) { }

            public Command(Func<object?, Task> action) { }

            public event EventHandler? CanExecuteChanged { add { } remove { } }

            public bool CanExecute(object? parameter) => true;

            public void Execute(object? parameter) { }
        }

        public sealed class PaletteEntry
        {
            public PaletteEntry(string label, Action action) { }
        }

        public sealed class Palette
        {
            private readonly Command _save = new Command((Action<object?>)({|#0:async _ => await Task.Delay(1)|}));
            private readonly PaletteEntry _fetch = new PaletteEntry("fetch", {|#1:async () => await Task.Delay(1)|});
        }
        """,
        Verify.Diagnostic().WithLocation(0),
        Verify.Diagnostic().WithLocation(1));
}
