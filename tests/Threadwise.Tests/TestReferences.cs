using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Threadwise.Tests;

/// <summary>Metadata references that tests need beyond the framework.</summary>
internal static class TestReferences
{
    /// <summary>An empty assembly with the given name: enough for checks that look at referenced assembly names.</summary>
    public static MetadataReference EmptyAssembly(string name)
    {
        var compilation = CSharpCompilation.Create(name, options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Could not emit the empty assembly " + name);
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>
    /// A library compiled from <paramref name="source"/> against the test framework references: a second assembly that
    /// defines types (polyfills, duplicates) the analyzed code sees only through metadata.
    /// </summary>
    public static MetadataReference Library(string name, string source)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Could not emit the library " + name + ":\n" + string.Join("\n", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
