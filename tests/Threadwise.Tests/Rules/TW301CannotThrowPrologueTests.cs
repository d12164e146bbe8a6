using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW301AsyncVoidMethodAnalyzer, Threadwise.Fixes.Correctness.TW301AsyncVoidMethodCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An async void method whose every await is guarded may still crash through the statements before its first await;
/// a plain assignment to a field of this, and a call the compiler leaves out ([Conditional] on an undefined symbol:
/// Contract.Requires without CONTRACTS_FULL, DotNetty's SNI handler), cannot throw there.
/// </summary>
public class TW301CannotThrowPrologueTests
{
    private const string Code = """
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Contracts;
        using System.Threading.Tasks;

        public interface ISettingsMap
        {
            Task<string> GetAsync(string hostName);
        }

        public sealed class SniHandler
        {
            private static int s_selections;
            private readonly ISettingsMap _map;
            private bool _suppressRead;
            private string? _selected;

            public SniHandler(ISettingsMap map) => _map = map;

            public void OnHello(string hostName)
            {
                Select(hostName);
                Trace(hostName);
            }

            private async void Select(string hostName)
            {
                Contract.Requires(hostName != null);
                Debug.Assert(hostName.Length > 0);
                this._suppressRead = true;
                s_selections = s_selections;
                try
                {
                    _selected = await _map.GetAsync(hostName);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.Message);
                }
                finally
                {
                    _suppressRead = false;
                }
            }

            private async void Trace(string hostName)
            {
                Log(hostName);
                try
                {
                    await _map.GetAsync(hostName);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.Message);
                }
            }

            [Conditional("SNI_TRACE")]
            private static void Log(string hostName) => Console.WriteLine(hostName.ToUpperInvariant());
        }
        """;

    [Fact]
    public Task Ignores_guarded_methods_after_field_assignments_and_calls_compiled_away() => Verify.VerifyAnalyzerAsync(Code);

    [Fact]
    public Task Flags_calls_whose_symbol_the_file_defines() => Verify.VerifyAnalyzerAsync("#define SNI_TRACE\n" + Code.Replace(
        "private async void Trace(", "private async void [|Trace|](", StringComparison.Ordinal));

    [Fact]
    public Task Flags_assignments_that_can_throw_before_the_first_await() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;

        public sealed class State
        {
            public bool Busy;
        }

        public sealed class Handler
        {
            private State? _state;
            private string? _name;

            public void OnHello(string hostName)
            {
                Select(hostName);
                Name(hostName);
            }

            private async void [|Select|](string hostName)
            {
                _state!.Busy = true;
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.Message);
                }
            }

            private async void [|Name|](string hostName)
            {
                this._name = hostName.Trim();
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.Message);
                }
            }
        }
        """);
}
