using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW502TaskEscapesScopeAnalyzer, Threadwise.Fixes.Correctness.TW502TaskEscapesScopeCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Scopes whose disposal only puts back AsyncLocal values (MongoDB's EventContext.BeginOperation): the returned task
/// captured the values when it started, so ending the scope early changes nothing it sees.
/// </summary>
public class TW502AmbientScopeTests
{
    private const string Context = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        static class OperationContext
        {
            private static readonly AsyncLocal<string> s_name = new AsyncLocal<string>();
            private static readonly AsyncLocal<long?> s_id = new AsyncLocal<long?>();

            public static string Name
            {
                get { return s_name.Value; }
                private set { s_name.Value = value; }
            }

            public static long? Id
            {
                get => s_id.Value;
                private set => s_id.Value = value;
            }

            public static NameScope Begin(string name) => name != null ? new NameScope(name) : default;

            public readonly struct NameScope : IDisposable
            {
                private readonly bool _active;

                public NameScope(string name)
                {
                    _active = true;
                    Name = name;
                    Id = 1;
                }

                public readonly void Dispose()
                {
                    if (_active)
                    {
                        Name = null;
                        Id = null;
                    }
                }
            }
        }

        static class Server
        {
            public static Task<int> RunAsync(string command) => Task.Run(() => command.Length);
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_struct_scope_that_resets_async_locals_through_property_setters() => Verify.VerifyAnalyzerAsync(Context + """
        class DropOperation
        {
            public Task<int> ExecuteAsync()
            {
                using (OperationContext.Begin("drop"))
                {
                    return Server.RunAsync("drop");
                }
            }

            public Task<int> ExecuteThroughHelperAsync()
            {
                using (BeginOperation())
                {
                    return Server.RunAsync("drop");
                }
            }

            private OperationContext.NameScope BeginOperation() => OperationContext.Begin("drop");
        }
        """);

    [Fact]
    public Task Ignores_a_helper_typed_IDisposable_that_hands_out_such_a_scope() => Verify.VerifyAnalyzerAsync(Context + """
        class CreateViewOperation
        {
            public Task<int> ExecuteAsync()
            {
                using (BeginOperation())
                {
                    return Server.RunAsync("create");
                }
            }

            private IDisposable BeginOperation() => OperationContext.Begin("create");
        }
        """);

    [Fact]
    public Task Ignores_a_sealed_class_that_restores_the_previous_value_directly() => Verify.VerifyAnalyzerAsync(Context + """
        sealed class TenantScope : IDisposable
        {
            private static readonly AsyncLocal<string> s_current = new AsyncLocal<string>();
            private readonly string _previous;

            public TenantScope(string tenant)
            {
                _previous = s_current.Value;
                s_current.Value = tenant;
            }

            public void Dispose() => s_current.Value = _previous;
        }

        class Repository
        {
            public Task<int> CountAsync(string tenant)
            {
                using (new TenantScope(tenant))
                {
                    return Server.RunAsync("count");
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_an_explicit_Dispose_that_clears_an_async_local() => Verify.VerifyAnalyzerAsync(Context + """
        struct TraceScope : IDisposable
        {
            private static readonly AsyncLocal<int> s_depth = new AsyncLocal<int>();

            public static TraceScope Enter()
            {
                s_depth.Value = s_depth.Value + 1;
                return new TraceScope();
            }

            void IDisposable.Dispose()
            {
                s_depth.Value = 0;
                return;
            }
        }

        class Tracer
        {
            public Task<int> TraceAsync()
            {
                using (TraceScope.Enter())
                {
                    return Server.RunAsync("trace");
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_scope_whose_Dispose_also_releases_a_resource() => Verify.VerifyAnalyzerAsync(Context + """
        readonly struct LeasedScope : IDisposable
        {
            private static readonly AsyncLocal<string> s_name = new AsyncLocal<string>();
            private readonly Stream _log;

            public LeasedScope(Stream log) { _log = log; s_name.Value = "x"; }

            public void Dispose()
            {
                s_name.Value = null;
                _log.Dispose();
            }
        }

        class Worker
        {
            public Task<int> RunAsync(Stream log)
            {
                using (new LeasedScope(log))
                {
                    return {|#0:Server.RunAsync("run")|};
                }
            }
        }
        """, Verify.Diagnostic().WithLocation(0).WithArguments("'RunAsync'", "using", "its resource is disposed", "make it async and await the task"));

    [Fact]
    public Task Flags_a_scope_that_resets_an_ordinary_static_field() => Verify.VerifyAnalyzerAsync(Context + """
        readonly struct GlobalScope : IDisposable
        {
            public static string Current;

            public GlobalScope(string name) { Current = name; }

            public void Dispose() => Current = null;
        }

        class Worker
        {
            public Task<int> RunAsync()
            {
                using (new GlobalScope("run"))
                {
                    return {|#0:Server.RunAsync("run")|};
                }
            }
        }
        """, Verify.Diagnostic().WithLocation(0).WithArguments("'RunAsync'", "using", "its resource is disposed", "make it async and await the task"));

    [Fact]
    public Task Flags_an_unsealed_class_scope_and_a_helper_that_hands_out_something_else() => Verify.VerifyAnalyzerAsync(Context + """
        class OpenScope : IDisposable
        {
            private static readonly AsyncLocal<string> s_name = new AsyncLocal<string>();

            public virtual void Dispose() => s_name.Value = null;
        }

        class Worker
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

            public Task<int> RunAsync()
            {
                using (new OpenScope())
                {
                    return {|#0:Server.RunAsync("run")|};
                }
            }

            public Task<int> RunGatedAsync()
            {
                using (Enter())
                {
                    return {|#1:Server.RunAsync("gated")|};
                }
            }

            private IDisposable Enter() => new Releaser(_gate);

            private sealed class Releaser : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public Releaser(SemaphoreSlim gate) { _gate = gate; }

                public void Dispose() => _gate.Release();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("'RunAsync'", "using", "its resource is disposed", "make it async and await the task"),
        Verify.Diagnostic().WithLocation(1).WithArguments("'RunGatedAsync'", "using", "its resource is disposed", "make it async and await the task"));
}
