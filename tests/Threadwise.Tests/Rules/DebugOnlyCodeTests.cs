using Microsoft.CodeAnalysis.Diagnostics;
using TW101 = Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer;
using TW102 = Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer;
using TW103 = Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer;
using TW104 = Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer;
using TW304 = Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Code inside the active branch of <c>#if DEBUG</c> (or a condition that requires DEBUG) never ships: the blocking and
/// dropped-task rules leave it alone, as they do a local suppression. Its <c>#else</c>, <c>#if !DEBUG</c>,
/// <c>DEBUG || X</c> and the code after <c>#endif</c> are release code and are still reported. Tests build with DEBUG
/// defined, as a Debug build does.
/// </summary>
public class DebugOnlyCodeTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;

        """;

    private static Task Verify<TAnalyzer>(string source, params string[] symbols)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<TAnalyzer>.Test
        {
            TestCode = Usings + source,
            PreprocessorSymbols = symbols.Length == 0 ? ["DEBUG", "TRACE"] : symbols,
        };
        return test.RunAsync(CancellationToken.None);
    }

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_test_hook_that_reads_a_fixture_file_under_if_DEBUG() => Verify<TW102>("""
        sealed class UpdateChecker
        {
            public async Task<string?> LatestVersionAsync(Func<Task<string>> fetch)
            {
        #if DEBUG
                var fixture = Environment.GetEnvironmentVariable("UPDATER_FIXTURE");
                if (fixture != null)
                {
                    return JsonSerializer.Deserialize<string>(File.ReadAllText(fixture));
                }
        #endif
                return await fetch();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_wait_under_a_condition_that_requires_DEBUG() => Verify<TW101>("""
        sealed class ConnectionPool
        {
            private Task _warmup = Task.CompletedTask;

            public void StartWarmup(Func<Task> warm) => _warmup = warm();

            public async Task<int> RentAsync(Func<Task<int>> open)
            {
        #if DEBUG && (POOL_DIAGNOSTICS || NEVER)
                _warmup.Wait();
        #endif
        #if TRACE && DEBUG
                _warmup.Wait();
        #endif
                return await open();
            }
        }
        """, "DEBUG", "TRACE", "POOL_DIAGNOSTICS");

    [Fact]
    public Task Ignores_a_sync_wait_nested_inside_another_directive_within_if_DEBUG() => Verify<TW103>("""
        sealed class DiagnosticDump
        {
            public void Dump(Func<Task<string>> snapshot)
            {
        #if DEBUG
        #if NETSTANDARD2_0
                Console.WriteLine("old framework");
        #else
                Console.WriteLine(snapshot().GetAwaiter().GetResult());
        #endif
        #endif
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_whose_only_blocking_call_is_debug_only() => Verify<TW104>("""
        sealed class Session
        {
            private readonly string _tracePath = Path.GetTempFileName();

            public async Task SendAsync(Func<byte[], Task> send, byte[] frame)
            {
                Trace(frame);
                await send(frame);
            }

            private void Trace(byte[] frame)
            {
        #if DEBUG
                File.AppendAllText(_tracePath, Convert.ToBase64String(frame) + Environment.NewLine);
        #endif
            }
        }
        """);

    [Fact]
    public Task Ignores_a_dropped_task_in_a_debug_only_self_check() => Verify<TW304>("""
        sealed class Cache
        {
            public void Put(string key, string value, Func<string, Task> verify)
            {
        #if DEBUG
                verify(key);
        #endif
                Console.WriteLine(key + value);
            }
        }
        """);

    [Fact]
    public Task Ignores_debug_only_code_in_an_elif_that_requires_DEBUG() => Verify<TW102>("""
        sealed class Exporter
        {
            public async Task ExportAsync(string path, Func<Task> flush)
            {
                await flush();
        #if RELEASE_AUDIT
                Console.WriteLine("audit");
        #elif DEBUG
                File.WriteAllText(path, "exported");
        #endif
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_else_branch_of_if_DEBUG_and_code_after_endif() => Verify<TW102>("""
        sealed class Exporter
        {
            public async Task ExportAsync(string path, Func<Task> flush)
            {
                await flush();
        #if DEBUG
                Console.WriteLine("debug");
        #else
                Console.WriteLine("release");
        #endif
                [|File.WriteAllText(path, "exported")|];
            }
        }
        """);

    [Fact]
    public Task Flags_code_under_not_DEBUG_or_DEBUG_or_another_symbol() => Verify<TW101>("""
        sealed class ConnectionPool
        {
            private Task _warmup = Task.CompletedTask;

            public void StartWarmup(Func<Task> warm) => _warmup = warm();

            public async Task<int> RentAsync(Func<Task<int>> open)
            {
        #if !RELEASE
                [|_warmup.Wait()|];
        #endif
        #if DEBUG || TRACE
                [|Task.Delay(10).Wait()|];
        #endif
                return await open();
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_whose_blocking_call_is_outside_the_debug_region() => Verify<TW104>("""
        sealed class Session
        {
            private readonly string _tracePath = Path.GetTempFileName();

            public async Task SendAsync(Func<byte[], Task> send, byte[] frame)
            {
                [|Trace(frame)|];
                await send(frame);
            }

            private void Trace(byte[] frame)
            {
        #if DEBUG
                Console.WriteLine(frame.Length);
        #endif
                File.AppendAllText(_tracePath, Convert.ToBase64String(frame) + Environment.NewLine);
            }
        }
        """);
}
