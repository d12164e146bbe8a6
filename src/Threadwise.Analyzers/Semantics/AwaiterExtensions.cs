using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The extension <c>GetAwaiter(this X)</c> methods a compilation can call: they make X awaitable as much as an instance
    /// <c>GetAwaiter()</c> does (Microsoft.VisualStudio.Threading's <c>AwaitExtensions</c> awaits a <c>TimeSpan</c>, a
    /// <c>WaitHandle</c>, a <c>Process</c>). Collected once per compilation, lazily, from source and from every reference;
    /// each referenced assembly that holds one is scanned once and its answer shared by the compilations that reuse its symbol.
    /// A method counts wherever the compilation can reach it, whether or not a using directive brings it into scope at
    /// a given call: the rules ask about types, not about positions.
    /// </summary>
    internal sealed class AwaiterExtensions
    {
        private const string GetAwaiter = "GetAwaiter";

        private static readonly ConditionalWeakTable<IAssemblySymbol, StrongBox<ImmutableArray<IMethodSymbol>>> s_byAssembly = new();

        private readonly Compilation _compilation;
        private ImmutableArray<IMethodSymbol> _methods;

        // The answer per receiver type: most rules ask about the same few return types (int, string, a DTO) call after call,
        // and reducing every candidate to a type infers its type arguments each time.
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _known = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        public AwaiterExtensions(Compilation compilation) => _compilation = compilation;

        /// <summary>Whether an accessible extension <c>GetAwaiter()</c> applies to a receiver of <paramref name="type"/>.</summary>
        public bool MakeAwaitable(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_Void || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Dynamic or TypeKind.Error)
            {
                return false;
            }

            var methods = Methods();
            return !methods.IsEmpty && _known.GetOrAdd(type, t => AnyReduces(methods, t));
        }

        private static bool AnyReduces(ImmutableArray<IMethodSymbol> methods, ITypeSymbol type)
        {
            foreach (var method in methods)
            {
                if (method.ReduceExtensionMethod(type) is { ReturnsVoid: false })
                {
                    return true;
                }
            }

            return false;
        }

        private ImmutableArray<IMethodSymbol> Methods()
        {
            if (_methods.IsDefault)
            {
                ImmutableInterlocked.InterlockedInitialize(ref _methods, Collect(_compilation));
            }

            return _methods;
        }

        private static ImmutableArray<IMethodSymbol> Collect(Compilation compilation)
        {
            var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var symbol in compilation.GetSymbolsWithName(GetAwaiter, SymbolFilter.Member))
            {
                if (symbol is IMethodSymbol method && IsCandidate(method))
                {
                    builder.Add(method);
                }
            }

            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                // Read from the reference's metadata tables once per reference: most assemblies hold no such method, and
                // their symbols, which each compilation builds again, are then not walked.
                if (ReferencedNames.Of(assembly) is { Unreadable: false, HoldsGetAwaiter: false })
                {
                    continue;
                }

                foreach (var method in s_byAssembly.GetValue(assembly, a => new StrongBox<ImmutableArray<IMethodSymbol>>(Scan(a))).Value)
                {
                    if (compilation.IsSymbolAccessibleWithin(method, compilation.Assembly))
                    {
                        builder.Add(method);
                    }
                }
            }

            return builder.ToImmutable();
        }

        private static ImmutableArray<IMethodSymbol> Scan(IAssemblySymbol assembly)
        {
            var found = ImmutableArray.CreateBuilder<IMethodSymbol>();
            var namespaces = new Stack<INamespaceSymbol>();
            namespaces.Push(assembly.GlobalNamespace);
            while (namespaces.Count > 0)
            {
                foreach (var member in namespaces.Pop().GetMembers())
                {
                    if (member is INamespaceSymbol child)
                    {
                        namespaces.Push(child);
                    }

                    // Extension methods live only in top-level static classes; MemberNames avoids loading every member.
                    else if (member is INamedTypeSymbol { IsStatic: true, MightContainExtensionMethods: true } type
                        && type.DeclaredAccessibility != Accessibility.Private && DeclaresGetAwaiter(type))
                    {
                        foreach (var candidate in type.GetMembers(GetAwaiter))
                        {
                            if (candidate is IMethodSymbol method && IsCandidate(method))
                            {
                                found.Add(method);
                            }
                        }
                    }
                }
            }

            return found.ToImmutable();
        }

        private static bool DeclaresGetAwaiter(INamedTypeSymbol type)
        {
            foreach (var name in type.MemberNames)
            {
                if (name == GetAwaiter)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCandidate(IMethodSymbol method) =>
            method.IsExtensionMethod && method.Parameters.Length == 1 && !method.ReturnsVoid;
    }
}
