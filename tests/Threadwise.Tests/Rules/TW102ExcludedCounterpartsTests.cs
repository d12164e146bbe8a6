using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW102 does not suggest counterparts users are told not to use (issue 10, shape 10): EF Core's AddAsync/AddRangeAsync and
/// CreateDbContextAsync, SQLite's async methods, and what users list in <c>threadwise.excluded_async_counterparts</c>.
/// Tests compile against the runtime's assemblies only, so EF Core and SQLite are stand-ins with the real namespaces and
/// names: the list matches documentation-comment IDs, so they behave like the packages' types.
/// </summary>
public class TW102ExcludedCounterpartsTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    internal const string EfCore = """

        namespace Microsoft.EntityFrameworkCore
        {
            public class DbContext : IDisposable, IAsyncDisposable
            {
                public virtual object Add(object entity) => entity;
                public virtual ValueTask<object> AddAsync(object entity, CancellationToken cancellationToken = default) => new ValueTask<object>(Task.Run(() => entity));
                public virtual TEntity Add<TEntity>(TEntity entity) where TEntity : class => entity;
                public virtual ValueTask<TEntity> AddAsync<TEntity>(TEntity entity, CancellationToken cancellationToken = default) where TEntity : class => new ValueTask<TEntity>(Task.Run(() => entity));
                public virtual void AddRange(params object[] entities) { }
                public virtual Task AddRangeAsync(params object[] entities) => Task.Run(() => { });
                public virtual int SaveChanges() => 0;
                public virtual Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.Run(() => 0);
                public void Dispose() { }
                public ValueTask DisposeAsync() => default;
            }

            public abstract class DbSet<TEntity> : IQueryable<TEntity> where TEntity : class
            {
                public virtual TEntity Add(TEntity entity) => entity;
                public virtual ValueTask<TEntity> AddAsync(TEntity entity, CancellationToken cancellationToken = default) => new ValueTask<TEntity>(Task.Run(() => entity));
                public virtual void AddRange(params TEntity[] entities) { }
                public virtual Task AddRangeAsync(params TEntity[] entities) => Task.Run(() => { });
                public virtual void AddRange(IEnumerable<TEntity> entities) { }
                public virtual Task AddRangeAsync(IEnumerable<TEntity> entities, CancellationToken cancellationToken = default) => Task.Run(() => { });
                public abstract Type ElementType { get; }
                public abstract System.Linq.Expressions.Expression Expression { get; }
                public abstract IQueryProvider Provider { get; }
                public abstract IEnumerator<TEntity> GetEnumerator();
                System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
            }

            public interface IDbContextFactory<TContext> where TContext : DbContext
            {
                TContext CreateDbContext();

                Task<TContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return Task.Run(() => CreateDbContext());
                }
            }

            public static class EntityFrameworkQueryableExtensions
            {
                public static Task<List<T>> ToListAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) => Task.Run(() => source.ToList());
            }
        }
        """;

    internal const string Sqlite = """

        namespace Microsoft.Data.Sqlite
        {
            public abstract class SqliteConnection : DbConnection { }
            public abstract class SqliteCommand : DbCommand { }
            public abstract class SqliteDataReader : DbDataReader
            {
                public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Read());
                public override ValueTask DisposeAsync() { Dispose(); return default; }
            }
            public abstract class SqliteTransaction : DbTransaction { }
        }
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

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_SaveChanges_on_a_context_whose_Add_is_excluded() => Verify.VerifyAnalyzerAsync(Usings + """
        using Shop;

        class OrderService
        {
            public async Task PlaceAsync(ShopContext db, Order order)
            {
                await Task.Yield();
                db.Orders.Add(order);
                {|#0:db.SaveChanges()|};
            }
        }
        """ + Shop + EfCore,
        Verify.Diagnostic().WithLocation(0).WithMessage("'ShopContext.SaveChanges' blocks the calling thread while it waits; await 'ShopContext.SaveChangesAsync' instead"));

    [Fact]
    public Task Flags_a_connection_of_another_provider() => Verify.VerifyAnalyzerAsync(Usings + """
        class Health
        {
            public async Task<bool> PingAsync(DbConnection connection, Microsoft.Data.Sqlite.SqliteConnection local)
            {
                await Task.Yield();
                local.Open();
                [|connection.Open()|];
                return true;
            }
        }
        """ + Sqlite);

    [Fact]
    public Task Flags_overloads_and_types_the_user_did_not_list() => new Verify.Test
    {
        TestCode = Usings + """
            namespace Payments
            {
                public class Ledger
                {
                    public void Post(int amount) => Thread.Sleep(amount);
                    public Task PostAsync(int amount) => Task.Delay(amount);
                    public void Post(string memo) => Thread.Sleep(1);
                    public Task PostAsync(string memo) => Task.Delay(1);
                    public void Flush() => Thread.Sleep(1);
                    public Task FlushAsync() => Task.Delay(1);
                }

                class Checkout
                {
                    async Task RunAsync(Ledger ledger)
                    {
                        await Task.Yield();
                        ledger.Post(5);
                        [|ledger.Post("memo")|];
                        [|ledger.Flush()|];
                    }
                }
            }
            """,
        EditorConfig = "threadwise.excluded_async_counterparts = M:Payments.Ledger.Post(System.Int32)",
    }.RunAsync();

    // ---- must not flag ---------------------------------------------------------------------------------------

    // vs-threading#1480, #1343; Meziantou.Analyzer#376; sonar-dotnet#9269, #9301: AddAsync exists only for value generators.
    [Fact]
    public Task Ignores_DbSet_Add_and_AddRange() => Verify.VerifyAnalyzerAsync(Usings + """
        using Shop;

        class OrderImport
        {
            public async Task ImportAsync(ShopContext db, Order[] batch, List<Order> more, CancellationToken cancellationToken)
            {
                await Task.Yield();
                db.Orders.Add(batch[0]);
                db.Orders.AddRange(batch);
                db.Orders.AddRange(new Order(), new Order());
                db.Orders.AddRange(more);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        """ + Shop + EfCore);

    // roslyn-analyzers#6684; sonar-dotnet#9269: the same for DbContext.Add/AddRange, generic and not.
    [Fact]
    public Task Ignores_DbContext_Add_and_AddRange() => Verify.VerifyAnalyzerAsync(Usings + """
        using Shop;

        class Seeder
        {
            public async Task SeedAsync(ShopContext db)
            {
                await Task.Yield();
                db.Add(new Order());
                db.Add((object)new Order());
                db.AddRange(new Order(), new Order());
                await db.SaveChangesAsync();
            }
        }
        """ + Shop + EfCore);

    // vs-threading#1679; roslyn-analyzers#7036; Meziantou.Analyzer#1115: creating a context does no I/O.
    [Fact]
    public Task Ignores_CreateDbContext_on_a_context_factory() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.EntityFrameworkCore;
        using Shop;

        class OrderQueries
        {
            private readonly IDbContextFactory<ShopContext> _factory;

            public OrderQueries(IDbContextFactory<ShopContext> factory) => _factory = factory;

            public async Task<int> CountAsync(CancellationToken cancellationToken)
            {
                await using var db = _factory.CreateDbContext();
                return await Task.Run(() => db.Orders.Count(), cancellationToken);
            }
        }
        """ + Shop + EfCore);

    // efcore#28279: Microsoft.Data.Sqlite's async methods run synchronously; DotNetWorkQueue#298: System.Data.SQLite's too.
    [Fact]
    public Task Ignores_every_call_on_SQLite_connections_commands_readers_and_transactions() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.Data.Sqlite;

        class LocalCache
        {
            public async Task<List<string>> LoadAsync(SqliteConnection connection, SqliteCommand command, SqliteTransaction transaction)
            {
                await Task.Yield();
                connection.Open();
                command.ExecuteNonQuery();
                var keys = new List<string>();
                using (var reader = (SqliteDataReader)command.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        keys.Add(reader.GetString(0));
                    }

                    reader.Close();
                }

                transaction.Commit();
                connection.Close();
                return keys;
            }
        }
        """ + Sqlite);

    // MA0042/CA1849-style reports on in-memory sequences: Enumerable.ToList has no counterpart with its parameters.
    [Fact]
    public Task Ignores_Enumerable_ToList_on_an_in_memory_sequence_with_ToListAsync_in_scope() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.EntityFrameworkCore;
        using Shop;

        class Report
        {
            public async Task<List<int>> IdsAsync(ShopContext db, List<Order> cached)
            {
                var fromDb = await db.Orders.ToListAsync();
                return cached.Select(o => o.Id).Concat(fromDb.Select(o => o.Id)).ToList();
            }
        }
        """ + Shop + EfCore);

    [Fact]
    public Task Ignores_methods_and_types_the_user_listed() => new Verify.Test
    {
        TestCode = Usings + """
            namespace Payments
            {
                public class Ledger
                {
                    public void Post(int amount) { }
                    public Task PostAsync(int amount) => Task.Delay(amount);
                }

                public class Rates<T>
                {
                    public T Get(string key) => default!;
                    public Task<T> GetAsync(string key) => Task.FromResult(default(T)!);
                    public void Refresh() { }
                    public Task RefreshAsync() => Task.Delay(1);
                }

                public class FastRates : Rates<decimal> { }

                class Checkout
                {
                    async Task RunAsync(Ledger ledger, FastRates rates, Rates<int> counts)
                    {
                        await Task.Yield();
                        ledger.Post(5);
                        rates.Get("EUR");
                        rates.Refresh();
                        counts.Refresh();
                    }
                }
            }
            """,
        EditorConfig = "threadwise.excluded_async_counterparts = Payments.Ledger.Post, T:Payments.Rates",
    }.RunAsync();

    [Fact]
    public Task Ignores_a_method_listed_by_its_counterpart() => new Verify.Test
    {
        TestCode = Usings + """
            namespace Telemetry
            {
                public class Meter
                {
                    public void Record(double value) { }
                    public ValueTask RecordAsync(double value) => default;
                }

                class Handler
                {
                    async Task HandleAsync(Meter meter)
                    {
                        await Task.Yield();
                        meter.Record(1.5);
                    }
                }
            }
            """,
        EditorConfig = "threadwise.excluded_async_counterparts = M:Telemetry.Meter.RecordAsync(System.Double)",
    }.RunAsync();

    [Fact]
    public Task Ignores_static_calls_of_a_listed_type_in_an_application_that_opts_out_of_local_file_io() => new Verify.Test
    {
        TestCode = Usings + """
            using System.IO;

            class SettingsRefresher
            {
                async Task RefreshAsync(string settingsPath, Func<string, Task> upload)
                {
                    var settings = File.ReadAllText(settingsPath);
                    await upload(settings);
                    File.WriteAllText(settingsPath + ".sent", settings);
                    File.AppendAllLines(settingsPath + ".log", new[] { "sent" });
                }
            }
            """,
        EditorConfig = "threadwise.excluded_async_counterparts = T:System.IO.File",
    }.RunAsync();

    [Fact]
    public Task Flags_streams_and_other_types_when_only_the_File_class_is_listed() => new Verify.Test
    {
        TestCode = Usings + """
            using System.IO;

            class SettingsRefresher
            {
                async Task RefreshAsync(string settingsPath, Stream upload)
                {
                    var settings = File.ReadAllText(settingsPath);
                    using var reader = new StreamReader(settingsPath);
                    var text = [|reader.ReadToEnd()|];
                    await upload.FlushAsync();
                    [|upload.Write(new byte[] { 1 }, 0, 1)|];
                }
            }
            """,
        EditorConfig = "threadwise.excluded_async_counterparts = T:System.IO.File",
    }.RunAsync();

    [Fact]
    public Task Ignores_calls_of_a_listed_type_and_method_in_the_global_namespace() => new Verify.Test
    {
        TestCode = Usings + """
            public sealed class LegacyStore
            {
                private readonly System.IO.Stream _file = System.IO.Stream.Null;
                public string Load(string key) { _file.Flush(); return key; }
                public async Task<string> LoadAsync(string key) { await _file.FlushAsync(); return key; }
            }

            public sealed class Meter
            {
                private readonly System.IO.Stream _file = System.IO.Stream.Null;
                public void Record(double value) => _file.Flush();
                public Task RecordAsync(double value) => _file.FlushAsync();
            }

            class Refresher
            {
                async Task RefreshAsync(LegacyStore store, Meter meter, Func<string, Task> upload)
                {
                    await Task.Yield();
                    var value = store.Load("settings");
                    meter.Record(1);
                    await upload(value);
                }
            }
            """,
        EditorConfig = "threadwise.excluded_async_counterparts = T:LegacyStore, M:Meter.Record",
    }.RunAsync();

    // Proto.Actor: Stop and Poison tell the actor to stop and return; StopAsync and PoisonAsync tell and wait for it.
    private const string ProtoStopper = """

        namespace Proto
        {
            public sealed class PID { }

            public interface IStopperContext
            {
                void Stop(PID pid);
                Task StopAsync(PID pid);
                void Poison(PID pid);
                Task PoisonAsync(PID pid);
            }

            public interface IContext : IStopperContext
            {
                void Send(PID target, object message);
                Task SendAsync(PID target, object message);
            }
        }
        """;

    [Fact]
    public Task Ignores_Proto_Actor_Stop_and_Poison_which_only_tell() => Verify.VerifyAnalyzerAsync(Usings + """
        class PartitionActor
        {
            async Task OnTopologyAsync(Proto.IContext context, Proto.PID worker, Func<Task> rebalance)
            {
                await rebalance();
                context.Stop(worker);
                context.Poison(worker);
            }
        }
        """ + ProtoStopper);

    [Fact]
    public Task Flags_other_Proto_Actor_calls_with_a_counterpart() => Verify.VerifyAnalyzerAsync(Usings + """
        class PartitionActor
        {
            async Task OnTopologyAsync(Proto.IContext context, Proto.PID worker, Func<Task> rebalance)
            {
                await rebalance();
                [|context.Send(worker, "rebalance")|];
            }
        }
        """ + ProtoStopper);
}
