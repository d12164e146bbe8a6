using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A non-async method with a task-returning signature that completes its own task (every return is Task.FromResult,
/// Task.CompletedTask, new ValueTask&lt;T&gt;(..)…): a sync-contract bridge in a library or console program, where it is
/// written to run in the caller's context (an ambient transaction set in an AsyncLocal). Reported in UI apps and servers,
/// for lambdas, and when any return hands back a pending task.
/// </summary>
public class TW103SelfCompletedTaskTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Transactions = Usings + """
        public interface IDbTransaction { }

        public interface IDatabase
        {
            bool IsOpen { get; }
            Task OpenAsync(CancellationToken cancellationToken);
            Task<IDbTransaction> BeginTransactionAsync(CancellationToken cancellationToken);
        }

        public interface IOutboxTransaction
        {
            IDbTransaction DbTransaction { get; set; }
            bool AutoCommit { get; set; }
        }

        public interface IPublisher
        {
            // Backed by an AsyncLocal in the implementation: set here, read by the caller's later Publish calls.
            IOutboxTransaction Transaction { get; set; }
            IOutboxTransaction NewTransaction();
        }

        """;

    // ---- must not flag -----------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_an_ambient_transaction_starter_that_returns_Task_FromResult() => Verify.VerifyAnalyzerAsync(Transactions + """
        public static class DatabaseExtensions
        {
            public static Task<IOutboxTransaction> BeginTransactionAsync(this IDatabase database, IPublisher publisher,
                bool autoCommit = false, CancellationToken cancellationToken = default)
            {
                var dbTransaction = database.BeginTransactionAsync(cancellationToken).GetAwaiter().GetResult();
                publisher.Transaction = publisher.NewTransaction();
                publisher.Transaction.DbTransaction = dbTransaction;
                publisher.Transaction.AutoCommit = autoCommit;
                return Task.FromResult(publisher.Transaction);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_ValueTask_starter_that_opens_the_connection_first_and_returns_ValueTask_FromResult() => Verify.VerifyAnalyzerAsync(Transactions + """
        public static class ConnectionExtensions
        {
            public static ValueTask<IOutboxTransaction> BeginTransactionAsync(this IDatabase database, IPublisher publisher,
                CancellationToken cancellationToken = default)
            {
                if (!database.IsOpen) database.OpenAsync(cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();

                var dbTransaction = database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();
                publisher.Transaction = publisher.NewTransaction();
                publisher.Transaction.DbTransaction = dbTransaction;
                return ValueTask.FromResult(publisher.Transaction);
            }
        }
        """);

    [Fact]
    public Task Ignores_completed_tasks_made_by_constructor_CompletedTask_and_in_every_branch() => Verify.VerifyAnalyzerAsync(Transactions + """
        public sealed class TransactionScope
        {
            private readonly IDatabase _database = null!;
            private readonly IPublisher _publisher = null!;

            public ValueTask<IOutboxTransaction> StartAsync(bool autoCommit)
            {
                if (_publisher.Transaction is { } current)
                {
                    return new ValueTask<IOutboxTransaction>(current);
                }

                var transaction = _publisher.NewTransaction();
                transaction.DbTransaction = _database.BeginTransactionAsync(default).Result;
                transaction.AutoCommit = autoCommit;
                _publisher.Transaction = transaction;
                return new ValueTask<IOutboxTransaction>(transaction);
            }

            public Task EnsureOpenAsync()
            {
                if (_database.IsOpen)
                {
                    return Task.CompletedTask;
                }

                _database.OpenAsync(CancellationToken.None).Wait();
                return Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_self_completed_method_in_a_console_program() => new Verify.Test
    {
        TestCode = Transactions + """
            public static class Program
            {
                public static void Main() { }

                internal static Task<IDbTransaction> BeginAsync(IDatabase database) =>
                    Task.FromResult(database.BeginTransactionAsync(CancellationToken.None).GetAwaiter().GetResult());
            }
            """,
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
    }.RunAsync();

    // ---- must flag ----------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_task_returning_method_that_hands_back_a_pending_task_on_any_path() => Verify.VerifyAnalyzerAsync(Transactions + """
        public sealed class Starter
        {
            private readonly IDatabase _database = null!;

            public Task<IDbTransaction> BeginAsync(bool reopen)
            {
                if (reopen)
                {
                    [|_database.OpenAsync(default).Wait()|];
                    return _database.BeginTransactionAsync(default);
                }

                return Task.FromResult([|_database.BeginTransactionAsync(default).Result|]);
            }
        }
        """);

    [Fact]
    public Task Flags_a_lambda_that_returns_a_completed_task_after_the_wait() => Verify.VerifyAnalyzerAsync(Transactions + """
        public sealed class Starter
        {
            private readonly IDatabase _database = null!;

            public Func<Task<IDbTransaction>> Begin => () => Task.FromResult([|_database.BeginTransactionAsync(default).Result|]);
        }
        """);

    [Fact]
    public Task Flags_a_self_completed_method_in_a_UI_app() => new Verify.Test
    {
        TestCode = Transactions + """
            public sealed class OrdersViewModel
            {
                private readonly IDatabase _database = null!;

                // Awaited by a click handler on the UI thread: the wait holds the thread the database's continuation needs.
                public Task<IDbTransaction> BeginAsync() =>
                    Task.FromResult([|_database.BeginTransactionAsync(default).Result|]);
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    }.RunAsync();

    [Fact]
    public Task Flags_a_self_completed_method_in_a_server() => new Verify.Test
    {
        TestCode = Transactions + """
            public sealed class OrdersService
            {
                private readonly IDatabase _database = null!;

                public Task<IDbTransaction> BeginAsync() =>
                    Task.FromResult([|_database.BeginTransactionAsync(default).Result|]);
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    }.RunAsync();

    [Fact]
    public Task Flags_a_librarys_self_completed_method_when_the_option_asks_without_a_fix() => new Verify.Test
    {
        TestCode = Transactions + """
            public static class DatabaseExtensions
            {
                public static Task<IDbTransaction> BeginAsync(this IDatabase database) =>
                    Task.FromResult([|database.BeginTransactionAsync(default).Result|]);
            }
            """,
        FixedCode = Transactions + """
            public static class DatabaseExtensions
            {
                public static Task<IDbTransaction> BeginAsync(this IDatabase database) =>
                    Task.FromResult([|database.BeginTransactionAsync(default).Result|]);
            }
            """,
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
    }.RunAsync();
}
