using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// The counterpart lookup reads <c>recv.MAsync(args[, token])</c>'s binding from the members name lookup finds where that
/// is certain, instead of binding it speculatively. A prediction must always be what the binder returns: every marked call
/// is asked both ways (with and without an appended token), and where a prediction is made it must equal the speculative
/// bind. The shapes the count cannot settle must fall back to the binder, and the common ones must not.
/// </summary>
public class CounterpartBindingsTests
{
    private const string Declarations = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class Store
        {
            public int Load(string key) => 0;
            public Task<int> LoadAsync(string key, CancellationToken token = default) => Task.FromResult(0);

            public int Read(byte[] buffer, int offset, int count) => 0;
            public Task<int> ReadAsync(byte[] buffer, int offset, int count) => Task.FromResult(0);
            public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) => Task.FromResult(0);
            public Task<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default) => Task.FromResult(0);

            public void Save(string key, int value = 1) { }
            public Task SaveAsync(string key, int value = 1, CancellationToken token = default) => Task.CompletedTask;

            public void Log(params string[] lines) { }
            public Task LogAsync(params string[] lines) => Task.CompletedTask;

            public T Get<T>(string key) => default!;
            public Task<T> GetAsync<T>(string key) => Task.FromResult<T>(default!);

            public void Put(object value) { }
            public Task PutAsync(object value) => Task.CompletedTask;
            public Task PutAsync(string value) => Task.CompletedTask;

            public void Send(string text) { }
            public Func<string, Task> SendAsync { get; set; } = _ => Task.CompletedTask;

            public static int Count(string table) => 0;
            public static Task<int> CountAsync(string table) => Task.FromResult(0);

            public void Remove(string key) { }

            public void Flush() { }
            protected Task FlushAsync() => Task.CompletedTask;
        }

        public class DerivedStore : Store
        {
            public Task<int> LoadAsync(string key) => Task.FromResult(1);
        }

        public readonly struct Money
        {
            public static implicit operator Money(string text) => default;
        }

        public static class Codec
        {
            public static string Encode<T>(T value) => "";
            public static Task EncodeAsync<T>(Stream target, T value, CancellationToken token = default) => Task.CompletedTask;

            public static byte[] Pack(object value) => [];
            public static Task<byte[]> PackAsync(object value, CancellationToken token = default) => Task.FromResult<byte[]>([]);

            public static int Parse(string text) => 0;
            public static Task<int> ParseAsync(Money money) => Task.FromResult(0);
        }

        public class Writer
        {
            public virtual void Flush() { }
            public virtual Task FlushAsync() => Task.CompletedTask;
            public virtual Task FlushAsync(CancellationToken token) => Task.CompletedTask;

            public void Write(string text) { }
            public Task WriteAsync(string text) => Task.CompletedTask;
            public Task WriteAsync(char letter) => Task.CompletedTask;

            public void Wait() { }
            public Task WaitAsync(int timeout) => Task.CompletedTask;
            public Task WaitAsync(CancellationToken token) => Task.CompletedTask;
        }

        public class FileWriter : Writer
        {
            public override void Flush() { }
            public override Task FlushAsync() => Task.CompletedTask;
        }

        public static class Loops
        {
            public static void For(int from, int to, Action<int> body) { }
            public static Task ForAsync<T>(T from, T to, Func<T, CancellationToken, ValueTask> body) => Task.CompletedTask;

            public static void Each(int count, Func<int, CancellationToken, ValueTask> body) { }
            public static Task EachAsync<T>(T count, Func<T, CancellationToken, ValueTask> body) => Task.CompletedTask;
        }

        public static class StoreExtensions
        {
            public static Task RemoveAsync(this Store store, string key) => Task.CompletedTask;

            public static Task DropAsync(this Store store, string key) => Task.CompletedTask;

            public static void Drop(this Store store, string key) { }
        }

        """;

    private static List<(string Call, bool WithToken, bool Predicted)> Check(string body)
    {
        var bindings = new CounterpartBindings();
        KnownTypes? types = null;
        return Answers(body, (compiled, call, withToken, bind) =>
        {
            types ??= KnownTypes.Create(compiled.Compilation);
            var predicted = bindings.TryPredict(call.Invocation, call.Syntax, call.Name, withToken, call.Containing, types, out var bound);
            if (predicted)
            {
                var actual = bind();
                Assert.True(SymbolEqualityComparer.Default.Equals(actual, bound), $"{call.Syntax} (token: {withToken}): predicted {bound}, bound {actual}");
            }

            return predicted;
        });
    }

    private sealed record MarkedCall(InvocationExpressionSyntax Syntax, IInvocationOperation Invocation, ISymbol Containing, string Name);

    // Each marked call, without and with an appended token: the answer asked of it, given a way to bind the rewritten call.
    private static List<(string Call, bool WithToken, bool Answer)> Answers(string body, Func<CompiledTestSource, MarkedCall, bool, Func<ISymbol?>, bool> answer)
    {
        var compiled = TestCompilation.Create(Declarations + "public class Caller\n{\n" + body + "\n}\n");
        var root = compiled.SyntaxTree.GetRoot();
        var results = new List<(string, bool, bool)>();
        foreach (var span in compiled.Spans)
        {
            var syntax = root.FindNode(span).FirstAncestorOrSelf<InvocationExpressionSyntax>()!;
            var invocation = (IInvocationOperation)compiled.SemanticModel.GetOperation(syntax)!;
            var call = new MarkedCall(syntax, invocation, compiled.SemanticModel.GetEnclosingSymbol(syntax.SpanStart)!, invocation.TargetMethod.Name + "Async");
            foreach (var withToken in new[] { false, true })
            {
                results.Add((syntax.ToString(), withToken, answer(compiled, call, withToken, () => BindRewritten(compiled, call, withToken))));
            }
        }

        return results;
    }

    // What the binder makes of recv.MAsync(args[, token]) at the call.
    private static ISymbol? BindRewritten(CompiledTestSource compiled, MarkedCall call, bool withToken)
    {
        var rewritten = call.Syntax.WithExpression(AsyncCounterpart.RewriteCallee(call.Syntax.Expression, call.Name, null)!);
        if (withToken)
        {
            rewritten = rewritten.AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.IdentifierName("token")));
        }

        return compiled.SemanticModel.GetSpeculativeSymbolInfo(call.Syntax.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol;
    }

    [Fact]
    public void Predicts_the_one_overload_that_takes_the_arguments() => Assert.Equal(
        new[]
        {
            ("store.Load(\"k\")", false, true), ("store.Load(\"k\")", true, true),
            ("Store.Count(\"t\")", false, true), ("Store.Count(\"t\")", true, false),
            ("store.Read(buffer, 0, 4)", false, true), ("store.Read(buffer, 0, 4)", true, true),
            ("store.Remove(\"k\")", false, true), ("store.Remove(\"k\")", true, false),
        },
        Check("""
            void Run(Store store, byte[] buffer, CancellationToken token)
            {
                [|store.Load("k")|];
                [|Store.Count("t")|];
                [|store.Read(buffer, 0, 4)|];
                [|store.Remove("k")|];
            }
            """));

    // Two PutAsync overloads take one argument: overload resolution, not the count, decides (the binder picks
    // PutAsync(string) for a string). DerivedStore's LoadAsync(key) and Store's LoadAsync(key, token = default) both take
    // one; with the token only the base one does, and it is what the binder finds once the derived one is inapplicable.
    [Fact]
    public void Leaves_overloads_the_count_cannot_separate_to_the_binder() => Assert.Equal(
        new[]
        {
            ("store.Put(\"v\")", false, false), ("store.Put(\"v\")", true, false),
            ("derived.Load(\"k\")", false, false), ("derived.Load(\"k\")", true, true),
        },
        Check("""
            void Run(Store store, DerivedStore derived, CancellationToken token)
            {
                [|store.Put("v")|];
                [|derived.Load("k")|];
            }
            """));

    // The other overloads surely cannot take the arguments (a string is no char, a token no int), and an override stands
    // for the method it overrides: the one left is what the binder picks. A constant is not judged.
    [Fact]
    public void Predicts_the_one_overload_left_when_the_others_cannot_take_the_arguments() => Assert.Equal(
        new[]
        {
            ("writer.Flush()", false, true), ("writer.Flush()", true, true),
            ("writer.Write(text)", false, true), ("writer.Write(text)", true, false),
            ("writer.Write(text + \"!\")", false, true), ("writer.Write(text + \"!\")", true, false),
            ("writer.Write(\"a\")", false, false), ("writer.Write(\"a\")", true, false),
            ("writer.Wait()", false, false), ("writer.Wait()", true, true),
        },
        Check("""
            void Run(FileWriter writer, string text, CancellationToken token)
            {
                [|writer.Flush()|];
                [|writer.Write(text)|];
                [|writer.Write(text + "!")|];
                [|writer.Write("a")|];
                [|writer.Wait()|];
            }
            """));

    [Fact]
    public void Leaves_omitted_optionals_named_arguments_params_and_generics_to_the_binder() => Assert.Equal(
        new[]
        {
            ("store.Save(\"k\")", false, true), ("store.Save(\"k\")", true, false),
            ("store.Save(key: \"k\", value: 2)", false, false), ("store.Save(key: \"k\", value: 2)", true, false),
            ("store.Log(\"a\", \"b\")", false, false), ("store.Log(\"a\", \"b\")", true, false),
            ("store.Get<int>(\"k\")", false, false), ("store.Get<int>(\"k\")", true, false),
        },
        Check("""
            void Run(Store store, CancellationToken token)
            {
                [|store.Save("k")|];
                [|store.Save(key: "k", value: 2)|];
                [|store.Log("a", "b")|];
                [|store.Get<int>("k")|];
            }
            """));

    // Where no candidate can take the call's arguments the bind is not needed; every such answer is checked against the binder.
    private static List<(string Call, bool WithToken, bool CannotBind)> CheckCannotBind(string body)
    {
        var bindings = new CounterpartBindings();
        return Answers(body, (compiled, call, withToken, bind) =>
        {
            var cannot = bindings.CannotBind(call.Invocation, call.Syntax, call.Name, withToken, call.Containing, CompilationContext.For(compiled.Compilation).AsyncNames, KnownTypes.Create(compiled.Compilation));
            var actual = bind();
            Assert.False(cannot && actual is IMethodSymbol, $"{call.Syntax} (token: {withToken}): said it cannot bind, bound {actual}");
            return cannot;
        });
    }

    // Encode(text): EncodeAsync wants a Stream first; Encode(stream) with a token binds EncodeAsync<CancellationToken>(stream, token).
    // A user-defined conversion (string to Money) and an extension in scope keep the bind.
    [Fact]
    public void Tells_a_bind_that_cannot_succeed_from_argument_counts_and_conversions() => Assert.Equal(
        new[]
        {
            ("Codec.Encode(text)", false, true), ("Codec.Encode(text)", true, true),
            ("Codec.Encode(stream)", false, true), ("Codec.Encode(stream)", true, false),
            ("Codec.Pack(bytes)", false, false), ("Codec.Pack(bytes)", true, false),
            ("Codec.Parse(text)", false, false), ("Codec.Parse(text)", true, true),
            ("store.Put(text)", false, false), ("store.Put(text)", true, true),
            ("store.Remove(text)", false, false), ("store.Remove(text)", true, true),
        },
        CheckCannotBind("""
            void Run(Store store, Stream stream, string text, byte[] bytes, CancellationToken token)
            {
                [|Codec.Encode(text)|];
                [|Codec.Encode(stream)|];
                [|Codec.Pack(bytes)|];
                [|Codec.Parse(text)|];
                [|store.Put(text)|];
                [|store.Remove(text)|];
            }
            """));

    // A call by simple name reads the enclosing types' members: Fetch(id) beside FetchAsync(id, token) cannot bind without a
    // token. A local, a parameter or a lambda parameter named like the twin is left to the binder.
    [Fact]
    public void Tells_a_simple_name_call_that_cannot_bind_from_the_enclosing_types() => Assert.Equal(
        new[]
        {
            ("Fetch(id)", false, true), ("Fetch(id)", true, false),
            ("Fetch(id - 1)", false, true), ("Fetch(id - 1)", true, false),
            ("Fetch(id + 1)", false, false), ("Fetch(id + 1)", true, false),
            ("Fetch(id)", false, false), ("Fetch(id)", true, false),
        },
        CheckCannotBind("""
            int Fetch(int id) => 0;
            Task<int> FetchAsync(int id, CancellationToken token) => Task.FromResult(0);

            void Run(int id, CancellationToken token)
            {
                [|Fetch(id)|];
            }

            void Used(int id, CancellationToken token)
            {
                _ = FetchAsync(id, token);
                [|Fetch(id - 1)|];
            }

            void Shadowed(int id, CancellationToken token)
            {
                Func<int, Task<int>> FetchAsync = _ => Task.FromResult(0);
                [|Fetch(id + 1)|];
            }

            void Lambda(int id, CancellationToken token)
            {
                Func<Func<int, Task<int>>, int> run = FetchAsync => [|Fetch(id)|];
            }
            """));

    // A lambda converts only to a delegate with as many parameters, whatever its type arguments.
    [Fact]
    public void Tells_a_lambda_that_cannot_convert_from_its_parameter_count() => Assert.Equal(
        new[]
        {
            ("Loops.For(0, count, i => { })", false, true), ("Loops.For(0, count, i => { })", true, true),
            ("Loops.Each(count, (i, t) => default)", false, false), ("Loops.Each(count, (i, t) => default)", true, true),
        },
        CheckCannotBind("""
            void Run(int count, CancellationToken token)
            {
                [|Loops.For(0, count, i => { })|];
                [|Loops.Each(count, (i, t) => default)|];
            }
            """));

    // An extension method called as one is left to the binder; called as the static method it is, it is an ordinary call.
    [Fact]
    public void Leaves_delegate_properties_inaccessible_members_extension_calls_and_unqualified_calls_to_the_binder() => Assert.Equal(
        new[]
        {
            ("store.Send(\"x\")", false, false), ("store.Send(\"x\")", true, false),
            ("store.Flush()", false, false), ("store.Flush()", true, false),
            ("store.Drop(\"k\")", false, false), ("store.Drop(\"k\")", true, false),
            ("StoreExtensions.Drop(store, \"k\")", false, true), ("StoreExtensions.Drop(store, \"k\")", true, false),
            ("Load(\"k\")", false, false), ("Load(\"k\")", true, false),
        },
        Check("""
            int Load(string key) => 0;
            Task<int> LoadAsync(string key) => Task.FromResult(0);

            void Run(Store store, CancellationToken token)
            {
                [|store.Send("x")|];
                [|store.Flush()|];
                [|store.Drop("k")|];
                [|StoreExtensions.Drop(store, "k")|];
                [|Load("k")|];
            }
            """));
}
