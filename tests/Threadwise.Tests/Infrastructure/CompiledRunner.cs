using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Threadwise.Tests.Infrastructure;

/// <summary>
/// Proves a rewrite right by running it: compiles the original and the rewritten source to memory (with the test
/// references), loads each, invokes the same method on the same inputs, and compares what they return and what they
/// left in their arguments.
/// </summary>
internal static class CompiledRunner
{
    public static async Task AssertSameResultsAsync(string original, string rewritten, string typeName, string methodName, Func<object?[]> arguments, int runs = 3)
    {
        for (var run = 0; run < runs; run++)
        {
            var expected = await RunAsync(original, typeName, methodName, arguments());
            var actual = await RunAsync(rewritten, typeName, methodName, arguments());
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>The method's result and its arguments after the call, as text.</summary>
    public static async Task<string> RunAsync(string source, string typeName, string methodName, object?[] arguments)
    {
        var code = TestCompilation.WithoutMarkup(source);
        var compilation = CSharpCompilation.Create(
            "Run" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest))],
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        var context = new AssemblyLoadContext("run", isCollectible: true);
        try
        {
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var type = assembly.GetType(typeName, throwOnError: true)!;
            var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)!;
            var instance = method.IsStatic ? null : Activator.CreateInstance(type);
            var result = method.Invoke(instance, arguments);
            if (result is Task task)
            {
                await task;
                result = task.GetType().GetProperty("Result")?.GetValue(task);
            }

            var text = new StringBuilder("result: ").Append(Describe(result));
            foreach (var argument in arguments)
            {
                text.Append(" | argument: ").Append(Describe(argument));
            }

            return text.ToString();
        }
        finally
        {
            context.Unload();
        }
    }

    private static string Describe(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string text:
                return text;
            case IEnumerable sequence:
                var builder = new StringBuilder("[");
                foreach (var item in sequence)
                {
                    builder.Append(Describe(item)).Append(',');
                }

                return builder.Append(']').ToString();
            case double d:
                return d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            default:
                return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
    }
}
