using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer, Threadwise.Fixes.Blocking.TW102SyncApiInAsyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW102 on <c>DbDataReader</c>s: closing or disposing a reader reads the rows still unread, synchronously; a reader the
/// method drained has none left (issue 10, shape 9), and a driver's own reader declared in source is judged like the framework's.
/// </summary>
public class TW102DataReaderTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // A driver's own reader, as drivers declare it: DisposeAsync/CloseAsync read the rest of the result asynchronously.
    // Abstract so that the test need not implement every DbDataReader member.
    private const string Driver = """

        namespace Driver
        {
            public abstract class PgDataReader : DbDataReader
            {
                public override async ValueTask DisposeAsync()
                {
                    while (await ReadAsync().ConfigureAwait(false)) { }
                    await base.DisposeAsync().ConfigureAwait(false);
                }

                public override Task CloseAsync() => DisposeAsync().AsTask();
            }

            // A provider that inherits DbDataReader's DisposeAsync/CloseAsync, which only call Dispose/Close.
            public abstract class LegacyDataReader : DbDataReader
            {
            }
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Close_on_a_reader_left_after_its_first_row() => Verify.VerifyAnalyzerAsync(Usings + """
        class UserStore
        {
            public async Task<int?> FindIdAsync(DbCommand command, CancellationToken cancellationToken)
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken);
                int? id = null;
                if (await reader.ReadAsync(cancellationToken))
                {
                    id = reader.GetInt32(0);
                }

                {|#0:reader.Close()|};
                return id;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'DbDataReader.Close' blocks the calling thread while it waits; await 'DbDataReader.CloseAsync' instead"));

    [Fact]
    public Task Flags_Dispose_in_finally_after_an_early_return() => Verify.VerifyAnalyzerAsync(Usings + """
        class Orders
        {
            public async Task<string?> FirstCustomerAsync(DbCommand command)
            {
                var reader = await command.ExecuteReaderAsync();
                try
                {
                    while (await reader.ReadAsync())
                    {
                        if (!reader.IsDBNull(0))
                        {
                            return reader.GetString(0);
                        }
                    }

                    return null;
                }
                finally
                {
                    [|reader.Dispose()|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_Close_after_a_loop_that_breaks_out_early() => Verify.VerifyAnalyzerAsync(Usings + """
        class Batches
        {
            public async Task<List<long>> TakeAsync(DbDataReader reader, int limit)
            {
                var ids = new List<long>();
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    ids.Add(reader.GetInt64(0));
                    if (ids.Count == limit)
                    {
                        break;
                    }
                }

                [|reader.Close()|];
                return ids;
            }
        }
        """);

    [Fact]
    public Task Flags_a_using_of_a_reader_that_stops_after_one_row() => Verify.VerifyAnalyzerAsync(Usings + """
        class Settings
        {
            public async Task<string?> GetAsync(DbCommand command)
            {
                using var {|#0:reader = await command.ExecuteReaderAsync()|};
                return await reader.ReadAsync() ? reader.GetString(0) : null;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'reader' is disposed synchronously, which blocks the calling thread while it flushes or closes; use 'await using'"));

    [Fact]
    public Task Flags_a_using_of_a_drivers_own_reader_left_after_one_row() => Verify.VerifyAnalyzerAsync(Usings + """
        using Driver;

        class Schema
        {
            public async Task<bool> HasTableAsync(Func<Task<PgDataReader>> query)
            {
                using (var [|reader = await query()|])
                {
                    return await reader.ReadAsync();
                }
            }
        }
        """ + Driver);

    [Fact]
    public Task Fix_Dispose_becomes_await_DisposeAsync() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task<int> M(DbCommand command)
            {
                var reader = await command.ExecuteReaderAsync();
                var first = await reader.ReadAsync() ? reader.GetInt32(0) : 0;
                [|reader.Dispose()|];
                return first;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(DbCommand command)
            {
                var reader = await command.ExecuteReaderAsync();
                var first = await reader.ReadAsync() ? reader.GetInt32(0) : 0;
                await reader.DisposeAsync();
                return first;
            }
        }
        """);

    [Fact]
    public Task Fix_Close_becomes_await_CloseAsync() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task<int> M(DbDataReader reader)
            {
                var first = await reader.ReadAsync() ? reader.GetInt32(0) : 0;
                [|reader.Close()|];
                return first;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(DbDataReader reader)
            {
                var first = await reader.ReadAsync() ? reader.GetInt32(0) : 0;
                await reader.CloseAsync();
                return first;
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_using_of_a_reader_drained_to_the_end() => Verify.VerifyAnalyzerAsync(Usings + """
        class Products
        {
            public async Task<List<string>> NamesAsync(DbCommand command, CancellationToken cancellationToken)
            {
                var names = new List<string>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.IsDBNull(0))
                    {
                        continue;
                    }

                    names.Add(reader.GetString(0));
                }

                return names;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_using_statement_whose_reader_is_drained_inside_a_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class AuditLog
        {
            public async Task<int> CountAsync(DbCommand command)
            {
                var count = 0;
                using (var reader = await command.ExecuteReaderAsync())
                {
                    try
                    {
                        while (await reader.ReadAsync())
                        {
                            foreach (var c in reader.GetString(0))
                            {
                                if (c == ';') break;       // leaves the foreach, not the read loop
                                count++;
                            }
                        }
                    }
                    catch (DbException)
                    {
                        throw;
                    }
                }

                return count;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_reader_drained_over_every_result_set() => Verify.VerifyAnalyzerAsync(Usings + """
        class MultiQuery
        {
            public async Task<List<List<object>>> ReadAllAsync(DbCommand command)
            {
                var sets = new List<List<object>>();
                using var reader = await command.ExecuteReaderAsync();
                do
                {
                    var rows = new List<object>();
                    while (await reader.ReadAsync())
                    {
                        rows.Add(reader.GetValue(0));
                    }

                    sets.Add(rows);
                }
                while (await reader.NextResultAsync());

                return sets;
            }
        }
        """);

    [Fact]
    public Task Ignores_Close_and_Dispose_after_the_reader_was_drained() => Verify.VerifyAnalyzerAsync(Usings + """
        class Exporter
        {
            public async Task ExportAsync(DbDataReader reader, TextWriter writer)
            {
                while (await reader.ReadAsync())
                {
                    await writer.WriteLineAsync(reader.GetString(0));
                }

                reader.Close();
            }

            public async Task<long> SumAsync(DbCommand command)
            {
                var reader = await command.ExecuteReaderAsync();
                long sum = 0;
                try
                {
                    if (reader.HasRows)
                    {
                        while (await reader.ReadAsync())
                        {
                            sum += reader.GetInt64(0);
                        }
                    }
                }
                finally
                {
                    reader.Dispose();
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_drivers_own_reader_that_is_drained() => Verify.VerifyAnalyzerAsync(Usings + """
        using Driver;

        class Catalog
        {
            public async Task<List<string>> TablesAsync(Func<Task<PgDataReader>> query)
            {
                var tables = new List<string>();
                using (var reader = await query())
                {
                    while (await reader.ReadAsync())
                    {
                        tables.Add(reader.GetString(0) + reader.GetFieldValue<string>(1));
                    }
                }

                return tables;
            }
        }
        """ + Driver);

    [Fact]
    public Task Ignores_getters_of_a_drivers_own_reader() => Verify.VerifyAnalyzerAsync(Usings + """
        using Driver;

        class Row
        {
            public async Task<(int, string)> FirstAsync(PgDataReader reader)
            {
                await reader.ReadAsync();
                return (reader.GetInt32(0), reader.IsDBNull(1) ? "" : reader.GetString(1) + reader[2]);
            }
        }
        """ + Driver);

    [Fact]
    public Task Ignores_a_reader_whose_provider_closes_only_synchronously() => Verify.VerifyAnalyzerAsync(Usings + """
        using Driver;

        class Legacy
        {
            public async Task<int> FirstAsync(Func<Task<LegacyDataReader>> query)
            {
                using var reader = await query();
                var first = await reader.ReadAsync() ? reader.GetInt32(0) : 0;
                reader.Close();
                return first;
            }
        }
        """ + Driver);

    [Fact]
    public Task Ignores_a_reader_disposed_inside_DisposeAsync_and_in_synchronous_code() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Query : IAsyncDisposable
        {
            private DbDataReader? _reader;

            public int First()
            {
                using var reader = _reader!;
                return reader.Read() ? reader.GetInt32(0) : 0;
            }

            public ValueTask DisposeAsync()
            {
                _reader?.Dispose();
                return default;
            }
        }
        """);

    [Fact]
    public Task Ignores_closing_a_reader_the_method_received_and_never_reads() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ResultSet
        {
            private readonly DbDataReader _reader;
            private readonly DbCommand _command;

            public ResultSet(DbDataReader reader, DbCommand command) { _reader = reader; _command = command; }

            public async Task FinishAsync(DbDataReader other)
            {
                _reader.Close();
                other.Dispose();
                await _command.DisposeAsync();
            }
        }
        """);

    // ---- a reader handed to a helper that drains it (RepoDB's DataReader.ToEnumerableAsync) ----------------------

    private const string RowHelpers = """

        static class Rows
        {
            public static async IAsyncEnumerable<int> Ids(DbDataReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                if (reader.IsClosed || !reader.HasRows) yield break;
                while (await reader.ReadAsync(cancellationToken))
                {
                    yield return reader.GetInt32(0);
                }
            }

            public static async Task AddAllAsync(DbDataReader reader, List<string> names)
            {
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }

            public static async Task<int> CountAsync(DbDataReader reader) => await CountCoreAsync(reader);

            private static async Task<int> CountCoreAsync(DbDataReader reader)
            {
                var count = 0;
                while (await reader.ReadAsync()) count++;
                return count;
            }

            public static async Task<int?> FirstAsync(DbDataReader reader) => await reader.ReadAsync() ? reader.GetInt32(0) : null;

            public static async Task SkipAsync(DbDataReader reader, bool all)
            {
                if (all)
                {
                    while (await reader.ReadAsync()) { }
                }
            }

            public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
            {
                var list = new List<T>();
                await foreach (var item in source.WithCancellation(cancellationToken)) list.Add(item);
                return list;
            }
        }
        """;

    [Fact]
    public Task Ignores_a_reader_drained_by_a_helper_it_is_handed_to() => Verify.VerifyAnalyzerAsync(Usings + """
        class Queries
        {
            public async Task<List<int>> IdsAsync(DbCommand command, CancellationToken cancellationToken)
            {
                List<int> ids;
                using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    ids = await Rows.Ids(reader, cancellationToken).ToListAsync(cancellationToken);
                }

                return ids;
            }

            public async Task<List<string>> NamesAsync(DbCommand command)
            {
                var names = new List<string>();
                using var reader = await command.ExecuteReaderAsync();
                await Rows.AddAllAsync(reader, names);
                return names;
            }
        }
        """ + RowHelpers);

    [Fact]
    public Task Ignores_a_reader_drained_two_helpers_down() => Verify.VerifyAnalyzerAsync(Usings + """
        class Queries
        {
            public async Task<int> CountAsync(DbCommand command)
            {
                using var reader = await command.ExecuteReaderAsync();
                var count = await Rows.CountAsync(reader).ConfigureAwait(false);
                return count;
            }
        }
        """ + RowHelpers);

    [Fact]
    public Task Flags_a_reader_handed_to_a_helper_that_reads_one_row() => Verify.VerifyAnalyzerAsync(Usings + """
        class Queries
        {
            public async Task<int?> FirstAsync(DbCommand command)
            {
                using var {|#0:reader = await command.ExecuteReaderAsync()|};
                return await Rows.FirstAsync(reader);
            }
        }
        """ + RowHelpers,
        Verify.Diagnostic().WithLocation(0).WithArguments("reader", "the calling thread"));

    [Fact]
    public Task Flags_a_reader_handed_to_a_helper_that_drains_only_on_request() => Verify.VerifyAnalyzerAsync(Usings + """
        class Queries
        {
            public async Task SkipAsync(DbCommand command, bool all)
            {
                using var {|#0:reader = await command.ExecuteReaderAsync()|};
                await Rows.SkipAsync(reader, all);
            }
        }
        """ + RowHelpers,
        Verify.Diagnostic().WithLocation(0).WithArguments("reader", "the calling thread"));
}
