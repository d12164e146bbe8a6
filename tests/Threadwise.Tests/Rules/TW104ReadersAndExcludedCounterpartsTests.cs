using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 leaves use TW102's judgement of readers and excluded counterparts (issue 10, shapes 9 and 10): a chain names the
/// call that really blocks, not the context factory or a SQLite call; a driver's own reader's row getters are buffered.
/// </summary>
public class TW104ReadersAndExcludedCounterpartsTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Shop = """

        namespace Shop
        {
            public class Order { public int Id { get; set; } }

            public class ShopContext : Microsoft.EntityFrameworkCore.DbContext
            {
                public Microsoft.EntityFrameworkCore.DbSet<Order> Orders { get; set; } = null!;
            }
        }
        """;

    // A driver's reader whose getters parse the buffered row; parsing a column may wait on the row's buffer task,
    // which ReadAsync has already completed.
    private const string Driver = """

        namespace Driver
        {
            public abstract class MyDataReader : DbDataReader
            {
                private Task<byte[]> _row = Task.FromResult(new byte[0]);

                public sealed override int GetInt32(int ordinal) => Column(ordinal)[0];

                public sealed override string GetString(int ordinal) => System.Text.Encoding.UTF8.GetString(Column(ordinal));

                private byte[] Column(int ordinal) => _row.GetAwaiter().GetResult();

                // The driver reads its next row asynchronously (a reader that kept DbDataReader's ReadAsync would read
                // synchronously either way: ProviderBaseAsync).
                public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return false;
                }

                public override async ValueTask DisposeAsync()
                {
                    while (await ReadAsync()) { }
                }
            }
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_save_not_the_context_factory_or_Add() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.EntityFrameworkCore;
        using Shop;

        class OrderService
        {
            private readonly IDbContextFactory<ShopContext> _factory;

            public OrderService(IDbContextFactory<ShopContext> factory) => _factory = factory;

            public async Task PlaceAsync(Order order)
            {
                await Task.Yield();
                {|#0:Save(order)|};
            }

            private int Save(Order order)
            {
                using var db = _factory.CreateDbContext();
                db.Orders.Add(order);
                return db.SaveChanges();
            }
        }
        """ + Shop + TW102ExcludedCounterpartsTests.EfCore,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Save' blocks: Save → ShopContext.SaveChanges; make it async and await 'ShopContext.SaveChangesAsync'"));

    [Fact]
    public Task Flags_a_helper_that_reads_rows_synchronously_from_a_drivers_reader() => Verify.VerifyAnalyzerAsync(Usings + """
        using Driver;

        class Users
        {
            public async Task<int> TotalAsync(MyDataReader reader)
            {
                await Task.Yield();
                return [|Count(reader)|];
            }

            private static int Count(MyDataReader reader)
            {
                var n = 0;
                while (reader.Read())
                {
                    n += reader.GetInt32(0);
                }

                return n;
            }
        }
        """ + Driver);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_helpers_whose_only_leaves_are_excluded_counterparts() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.EntityFrameworkCore;
        using Shop;

        class OrderService
        {
            private readonly IDbContextFactory<ShopContext> _factory;

            public OrderService(IDbContextFactory<ShopContext> factory) => _factory = factory;

            public async Task PlaceAsync(Order order)
            {
                await using var db = Open();
                Stage(db, order);
                await db.SaveChangesAsync();
            }

            private ShopContext Open() => _factory.CreateDbContext();

            private static void Stage(ShopContext db, Order order)
            {
                db.Orders.Add(order);
                db.AddRange(new Order(), new Order());
            }
        }
        """ + Shop + TW102ExcludedCounterpartsTests.EfCore);

    [Fact]
    public Task Ignores_helpers_that_only_use_SQLite() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.Data.Sqlite;

        class LocalQueue
        {
            public async Task EnqueueAsync(SqliteConnection connection, SqliteCommand insert, string item)
            {
                await Task.Yield();
                Insert(connection, insert, item);
            }

            private static void Insert(SqliteConnection connection, SqliteCommand insert, string item)
            {
                connection.Open();
                insert.Parameters.Clear();
                insert.ExecuteNonQuery();
                connection.Close();
            }
        }
        """ + TW102ExcludedCounterpartsTests.Sqlite);

    [Fact]
    public Task Ignores_the_row_getters_of_a_drivers_own_reader() => Verify.VerifyAnalyzerAsync(Usings + """
        using Driver;

        class Users
        {
            public async Task<List<(int, string)>> AllAsync(MyDataReader reader)
            {
                var users = new List<(int, string)>();
                while (await reader.ReadAsync())
                {
                    users.Add((reader.GetInt32(0), reader.GetString(1)));
                }

                return users;
            }
        }
        """ + Driver);

    [Fact]
    public Task Ignores_a_helper_that_closes_a_reader_its_caller_drained() => Verify.VerifyAnalyzerAsync(Usings + """
        class Export
        {
            public async Task<List<string>> RunAsync(DbCommand command)
            {
                var reader = await command.ExecuteReaderAsync();
                var lines = new List<string>();
                while (await reader.ReadAsync())
                {
                    lines.Add(reader.GetString(0));
                }

                Finish(reader);
                return lines;
            }

            private static void Finish(DbDataReader reader)
            {
                reader.Close();
                reader.Dispose();
            }
        }
        """);

    // Discord.Net's connection manager: Error completes a promise, whose only "async" twin is a Task.Run wrapper.
    private const string Promises = """
        static class PromiseExtensions
        {
            public static Task<bool> TrySetExceptionAsync<T>(this TaskCompletionSource<T> source, Exception error)
                => Task.Run(() => source.TrySetException(error));
        }

        sealed class ConnectionManager
        {
            private readonly TaskCompletionSource<bool> _ready = new TaskCompletionSource<bool>();
            private readonly DbConnection _connection;
            private readonly DbTransaction _transaction;

            public ConnectionManager(DbConnection connection, DbTransaction transaction)
            {
                _connection = connection;
                _transaction = transaction;
            }

            public void Error(Exception error) => _ready.TrySetException(error);

            public void Close(Exception error)
            {
                _ready.TrySetException(error);
                _connection.Close();
            }

            public void Abort(Exception error)
            {
                _ready.TrySetException(error);
                _transaction.Rollback();
            }
        }

        """;

    [Fact]
    public Task Ignores_a_helper_whose_leaf_has_only_a_thread_pool_wrapper_for_a_counterpart() => Verify.VerifyAnalyzerAsync(Usings + Promises + """
        sealed class Gateway
        {
            private readonly ConnectionManager _connection;

            public Gateway(ConnectionManager connection) => _connection = connection;

            public async Task OnHeartbeatMissedAsync()
            {
                await Task.Yield();
                _connection.Error(new TimeoutException("no heartbeat"));
            }
        }
        """);

    // Closing a provider's pooled connection hands it back to the pool: no I/O, not a leaf (as TW102's using).
    [Fact]
    public Task Ignores_a_helper_that_also_closes_a_pooled_connection() => Verify.VerifyAnalyzerAsync(Usings + Promises + """
        sealed class Gateway
        {
            private readonly ConnectionManager _connection;

            public Gateway(ConnectionManager connection) => _connection = connection;

            public async Task OnHeartbeatMissedAsync()
            {
                await Task.Yield();
                _connection.Close(new TimeoutException("no heartbeat"));
            }
        }
        """);

    [Fact]
    public Task Flags_the_helper_that_also_rolls_back_a_transaction_synchronously() => Verify.VerifyAnalyzerAsync(Usings + Promises + """
        sealed class Gateway
        {
            private readonly ConnectionManager _connection;

            public Gateway(ConnectionManager connection) => _connection = connection;

            public async Task OnHeartbeatMissedAsync()
            {
                await Task.Yield();
                {|#0:_connection.Abort(new TimeoutException("no heartbeat"))|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'ConnectionManager.Abort' blocks: ConnectionManager.Abort → DbTransaction.Rollback; make it async and await 'DbTransaction.RollbackAsync'"));

    // Discord.Net's GetAuthor: a cache-only lookup, waited on synchronously, inside every message parse.
    private const string Guilds = """
        enum CacheMode { AllowDownload, CacheOnly }

        interface IGuild
        {
            Task<string> GetUserAsync(ulong id, CacheMode mode = CacheMode.AllowDownload);
        }

        static class MessageHelper
        {
            public static string GetAuthor(IGuild guild, ulong id) => guild.GetUserAsync(id, CacheMode.CacheOnly).Result ?? "unknown";

            public static string DownloadAuthor(IGuild guild, ulong id) => guild.GetUserAsync(id).Result;
        }

        """;

    [Fact]
    public Task Ignores_a_helper_that_waits_on_a_cache_only_read() => Verify.VerifyAnalyzerAsync(Usings + Guilds + """
        sealed class Channel
        {
            public async Task<string> GetMessageAuthorAsync(IGuild guild, ulong id)
            {
                await Task.Yield();
                return MessageHelper.GetAuthor(guild, id);
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_that_waits_on_a_read_that_may_download() => Verify.VerifyAnalyzerAsync(Usings + Guilds + """
        sealed class Channel
        {
            public async Task<string> GetMessageAuthorAsync(IGuild guild, ulong id)
            {
                await Task.Yield();
                return {|#0:MessageHelper.DownloadAuthor(guild, id)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'MessageHelper.DownloadAuthor' blocks: MessageHelper.DownloadAuthor → guild.GetUserAsync(id).Result; make it async and await the task"));
}
