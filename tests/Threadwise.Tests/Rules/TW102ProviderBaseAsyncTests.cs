using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer, Threadwise.Fixes.Blocking.TW102SyncApiInAsyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW102 on ADO.NET providers that do not override an async member: <c>DbDataReader.ReadAsync</c>,
/// <c>DbCommand.ExecuteScalarAsync</c> and the rest call the synchronous form, so where the provider is known (the
/// receiver's type, or the one type a source method returns) and keeps the base, awaiting changes nothing (the
/// ClickHouse.Client shape: its own reader reached through <c>DbDataReader</c>).
/// </summary>
public class TW102ProviderBaseAsyncTests
{
    private const string Usings = """
        using System;
        using System.Data;
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // Abstract so that the test need not implement every ADO.NET member.
    private const string Driver = """

        namespace Driver
        {
            // Reads rows from a buffered binary body; inherits ReadAsync, NextResultAsync, DisposeAsync and CloseAsync.
            public abstract class RowReader : DbDataReader
            {
                public static RowReader FromBody(byte[] body) => null!;
            }

            // Overrides ReadAsync with a real asynchronous read.
            public abstract class StreamingReader : DbDataReader
            {
                public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return true;
                }
            }

            // Keeps DbConnection's DisposeAsync, which only calls Dispose.
            public abstract class HttpConnection : DbConnection
            {
                public static HttpConnection Create(string endpoint) => null!;
            }

            // Closes its session with a round trip, asynchronously under 'await using'.
            public abstract class SessionConnection : DbConnection
            {
                public static SessionConnection Create(string endpoint) => null!;

                public override async ValueTask DisposeAsync()
                {
                    await Task.Delay(1);
                    Dispose();
                }

                public override async Task CloseAsync()
                {
                    await Task.Delay(1);
                    Close();
                }
            }

            public abstract class HttpCommand : DbCommand
            {
                protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return RowReader.FromBody(new byte[0]);
                }

                public async Task<object?> FirstValueAsync(CancellationToken cancellationToken)
                {
                    using var reader = await ExecuteDbDataReaderAsync(CommandBehavior.Default, cancellationToken);
                    return reader.Read() ? reader.GetValue(0) : null;
                }

                public async Task<object?> FirstValueOffContextAsync(CancellationToken cancellationToken)
                {
                    using var reader = await ExecuteDbDataReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
                    return reader.Read() ? reader.GetValue(0) : null;
                }
            }
        }
        """;

    private const string Mixed = """

        namespace Driver
        {
            // Two kinds of reader: which one a call returns is not known.
            public abstract class MixedCommand : DbCommand
            {
                protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    if (behavior == CommandBehavior.SequentialAccess)
                    {
                        return (StreamingReader)null!;
                    }

                    return RowReader.FromBody(new byte[0]);
                }

                public async Task<object?> FirstValueAsync(CancellationToken cancellationToken)
                {
                    var reader = await ExecuteDbDataReaderAsync(CommandBehavior.Default, cancellationToken);
                    return {|#0:reader.Read()|} ? reader.GetValue(0) : null;
                }
            }
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_the_rows_of_a_drivers_own_reader_returned_through_DbDataReader() =>
        Verify.VerifyAnalyzerAsync(Usings + Driver);

    [Fact]
    public Task Ignores_Read_on_a_reader_type_that_keeps_the_base_ReadAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Report
        {
            public async Task<int> CountAsync(Driver.RowReader reader)
            {
                await Task.Yield();
                var count = 0;
                while (reader.Read())
                {
                    count++;
                }

                return count;
            }
        }
        """ + Driver);

    [Fact]
    public Task Ignores_ExecuteScalar_on_a_command_type_that_keeps_the_base_ExecuteScalarAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Report
        {
            public async Task<object?> TotalAsync(Driver.HttpCommand command)
            {
                await Task.Yield();
                return command.ExecuteScalar();
            }
        }
        """ + Driver);

    // Every ADO.NET provider pools connections by default: closing one hands it back to the pool without I/O.
    // Brighter's MsSqlTransactionProvider: '((SqlConnection)Connection).BeginTransaction()' on a DbConnection property.
    // SqlClient inherits DbConnection.BeginTransactionAsync and DbTransaction.CommitAsync (dotnet/SqlClient#3248).
    [Fact]
    public Task Ignores_a_transaction_begun_on_a_connection_cast_to_a_provider_that_keeps_the_base() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Microsoft.Data.SqlClient
        {
            public abstract class SqlConnection : DbConnection
            {
                public new SqlTransaction BeginTransaction() => (SqlTransaction)BeginDbTransaction(IsolationLevel.Unspecified);
            }

            public abstract class SqlTransaction : DbTransaction
            {
                public override void Commit() { }
            }
        }

        class TransactionProvider
        {
            public DbConnection? Connection { get; set; }

            public async Task<DbTransaction> GetTransactionAsync(Func<Task<DbConnection>> open)
            {
                if (Connection == null) Connection = await open();
                var transaction = ((Microsoft.Data.SqlClient.SqlConnection)Connection).BeginTransaction();
                ((Microsoft.Data.SqlClient.SqlTransaction)transaction).Commit();
                return transaction;
            }
        }
        """);

    [Fact]
    public Task Flags_a_transaction_begun_on_a_connection_cast_to_a_provider_that_overrides_the_async_form() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Driver
        {
            public abstract class PgConnection : DbConnection
            {
                protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return BeginDbTransaction(isolationLevel);
                }
            }
        }

        class TransactionProvider
        {
            public DbConnection? Connection { get; set; }

            public async Task<DbTransaction> GetTransactionAsync(Func<Task<DbConnection>> open)
            {
                if (Connection == null) Connection = await open();
                return [|((Driver.PgConnection)Connection).BeginTransaction()|];
            }
        }
        """);

    [Fact]
    public Task Ignores_closing_and_disposing_a_provider_connection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Report
        {
            public async Task<object?> TotalAsync(DbProviderFactory factory, DbConnection shared)
            {
                using var connection = factory.CreateConnection()!;
                await connection.OpenAsync();
                using var command = connection.CreateCommand();
                var total = await command.ExecuteScalarAsync();
                shared.Close();
                connection.Dispose();
                return total;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_using_of_a_connection_type_that_keeps_the_base_DisposeAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Report
        {
            public async Task<object?> TotalAsync(string endpoint)
            {
                using var connection = Driver.HttpConnection.Create(endpoint);
                await connection.OpenAsync();
                using var command = connection.CreateCommand();
                return await command.ExecuteScalarAsync();
            }
        }
        """ + Driver);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_using_of_a_connection_type_that_closes_asynchronously() => Verify.VerifyAnalyzerAsync(Usings + """
        class Report
        {
            public async Task<object?> TotalAsync(string endpoint)
            {
                using var {|#1:connection = Driver.SessionConnection.Create(endpoint)|};
                await connection.OpenAsync();
                using var command = connection.CreateCommand();
                return await command.ExecuteScalarAsync();
            }
        }
        """ + Driver,
        Verify.Diagnostic().WithLocation(1).WithArguments("connection", "the calling thread"));

    // A driver's own connection whose DisposeAsync awaits (MySqlConnector's bulk copy closes the connection it opened
    // with the I/O mode it was given): closing it synchronously on an async path is its round trip, reported.
    [Fact]
    public Task Flags_Close_of_a_source_connection_type_that_closes_asynchronously() => Verify.VerifyAnalyzerAsync(Usings + """
        class BulkCopy
        {
            public async Task<int> WriteAsync(Driver.SessionConnection connection, bool closeConnection)
            {
                await connection.OpenAsync();
                using var command = connection.CreateCommand();
                var count = await command.ExecuteNonQueryAsync();
                if (closeConnection)
                {
                    {|#1:connection.Close()|};
                }

                return count;
            }
        }
        """ + Driver,
        Verify.Diagnostic().WithLocation(1).WithMessage("'SessionConnection.Close' blocks the calling thread while it waits; await 'SessionConnection.CloseAsync' instead"));

    [Fact]
    public Task Flags_Read_where_the_source_method_returns_two_kinds_of_reader() => Verify.VerifyAnalyzerAsync(
        Usings + Driver + Mixed,
        Verify.Diagnostic().WithLocation(0).WithMessage("'DbDataReader.Read' blocks the calling thread while it waits; await 'DbDataReader.ReadAsync' instead"));

    [Fact]
    public Task Flags_Read_on_a_reader_type_that_overrides_ReadAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Report
        {
            public async Task<int> CountAsync(Driver.StreamingReader reader, CancellationToken cancellationToken)
            {
                await Task.Yield();
                var count = 0;
                while ({|#1:reader.Read()|})
                {
                    count++;
                }

                return count;
            }
        }
        """ + Driver,
        Verify.Diagnostic().WithLocation(1).WithArguments("StreamingReader.Read", "the calling thread", "StreamingReader.ReadAsync"));
}
