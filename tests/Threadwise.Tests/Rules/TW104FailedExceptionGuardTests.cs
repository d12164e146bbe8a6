using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;
using Verify102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A method handed an exception parameter, in the part that runs only once the parameter holds one (FreeSql's
/// <c>LoggerException(pool, pc, ex, ..)</c>: the success case logs and returns, a failed command rolls back the thread's
/// transaction): an error path, not followed by TW104 nor reported by TW102. The success part, and a local set in a
/// catch that swallows (the method recovering), are followed as before.
/// </summary>
public class TW104FailedExceptionGuardTests
{
    private const string Usings = """
        using System;
        using System.Data.Common;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_rollback_after_the_success_case_returned() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Ado
        {
            private readonly DbTransaction _transaction;

            public Ado(DbTransaction transaction) => _transaction = transaction;

            public async Task<int> ExecuteAsync(DbCommand command)
            {
                Exception? error = null;
                try
                {
                    return await command.ExecuteNonQueryAsync();
                }
                catch (Exception ex)
                {
                    error = ex;
                    throw;
                }
                finally
                {
                    LoggerException(command, error);
                }
            }

            private void LoggerException(DbCommand command, Exception? ex)
            {
                if (ex == null)
                {
                    Console.WriteLine(command.CommandText);
                    return;
                }

                Console.WriteLine(ex.Message);
                _transaction.Rollback();
            }
        }
        """);

    [Fact]
    public Task Ignores_blocking_inside_the_failure_arm_of_a_completion_handler() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Batch
        {
            private readonly DbTransaction _transaction;

            public Batch(DbTransaction transaction) => _transaction = transaction;

            public async Task RunAsync(DbCommand command)
            {
                await command.ExecuteNonQueryAsync();
                OnCompleted(null);
            }

            private void OnCompleted(Exception? failure)
            {
                if (failure is not null)
                {
                    _transaction.Rollback();
                }
                else
                {
                    Console.WriteLine("done");
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_direct_call_in_the_else_of_a_null_test() => Verify102.VerifyAnalyzerAsync(Usings + """
        sealed class Batch
        {
            public async Task FinishAsync(DbTransaction transaction, Exception? failure)
            {
                await Task.Yield();
                if (failure == null)
                {
                    await transaction.CommitAsync();
                }
                else
                {
                    transaction.Rollback();
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_success_part_of_the_same_helper() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Batch
        {
            private readonly DbTransaction _transaction;

            public Batch(DbTransaction transaction) => _transaction = transaction;

            public async Task RunAsync(DbCommand command)
            {
                await command.ExecuteNonQueryAsync();
                {|#0:OnCompleted(null)|};
            }

            private void OnCompleted(Exception? failure)
            {
                if (failure != null)
                {
                    Console.WriteLine(failure.Message);
                    return;
                }

                _transaction.Commit();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'OnCompleted' blocks: OnCompleted → DbTransaction.Commit; make it async and await 'DbTransaction.CommitAsync'"));

    [Fact]
    public Task Flags_a_fallback_after_a_catch_that_swallows_into_a_local() => Verify102.VerifyAnalyzerAsync(Usings + """
        sealed class Batch
        {
            public async Task FinishAsync(DbCommand command, DbTransaction transaction)
            {
                Exception? error = null;
                try
                {
                    await command.ExecuteNonQueryAsync();
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                if (error != null)
                {
                    [|transaction.Rollback()|];
                }
            }
        }
        """);
}
