using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A fire-and-forget facade: a void method whose whole body is the one dropped call, implementing an interface member
/// declared void (Remotely's IJsInterop wraps InvokeVoidAsync this way, beside members that return the ValueTask where a
/// result matters). Still reported: such a method with more in its body, one implementing no interface member of the
/// code base's own (IDisposable.Dispose over DisposeAsync), and a drop inside an ordinary void method.
/// </summary>
public class TW304VoidFacadeTests
{
    private const string Usings = """
        using System.Threading.Tasks;

        public interface IJSRuntime
        {
            ValueTask InvokeVoidAsync(string identifier, params object[] args);
            ValueTask<T> InvokeAsync<T>(string identifier, params object[] args);
        }

        public interface IJsInterop
        {
            void AddClassName(string element, string className);
            void AutoHeight();
            void ScrollToEnd(string element);
            ValueTask<bool> Confirm(string message);
        }

        """;

    [Fact]
    public Task Ignores_void_interface_members_whose_whole_body_is_the_dropped_call() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class JsInterop : IJsInterop
        {
            private readonly IJSRuntime _js;

            public JsInterop(IJSRuntime js) => _js = js;

            public void AddClassName(string element, string className)
            {
                _js.InvokeVoidAsync("addClassName", element, className);
            }

            public void AutoHeight() => _js.InvokeVoidAsync("autoHeight");

            void IJsInterop.ScrollToEnd(string element)
            {
                _js.InvokeVoidAsync("scrollToEnd", element);
            }

            public ValueTask<bool> Confirm(string message) => _js.InvokeAsync<bool>("confirm", message);
        }
        """);

    [Fact]
    public Task Flags_drops_with_more_in_the_body_or_outside_an_interface_contract() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class JsInterop : IJsInterop
        {
            private readonly IJSRuntime _js;
            private int _count;

            public JsInterop(IJSRuntime js) => _js = js;

            public void AddClassName(string element, string className)
            {
                [|_js.InvokeVoidAsync("addClassName", element, className)|];
                _count++;
            }

            public void AutoHeight() => _js.InvokeVoidAsync("autoHeight");

            public void ScrollToEnd(string element) => _js.InvokeVoidAsync("scrollToEnd", element);

            public void Highlight(string element)
            {
                [|_js.InvokeVoidAsync("highlight", element)|];
            }

            public ValueTask<bool> Confirm(string message) => _js.InvokeAsync<bool>("confirm", message);
        }

        public interface IXdrWriter
        {
            void Write(long value);
        }

        public sealed class XdrWriter : IXdrWriter
        {
            public void Write(long value)
            {
                [|WriteOpaqueAsync(System.BitConverter.GetBytes(value))|];
            }

            public void WriteOpaque(byte[] buffer) { }

            public ValueTask WriteOpaqueAsync(byte[] buffer) => default;
        }

        public sealed class Session : System.IDisposable
        {
            private readonly System.IAsyncDisposable _inner = null!;

            public void Dispose() => [|_inner.DisposeAsync()|];
        }
        """);
}
