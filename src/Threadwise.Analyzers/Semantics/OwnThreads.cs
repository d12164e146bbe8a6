using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that runs on a thread the program created: the lambda, local function or method passed to <c>new Thread(..)</c>
    /// (directly or as <c>new ThreadStart(..)</c>), a lambda given to <c>StartNew(.., TaskCreationOptions.LongRunning)</c>,
    /// and the lambdas and local functions inside them, and a private or internal method that is only ever called from such
    /// code, up to <see cref="MaxCallDepth"/> calls down (MongoDB's monitor thread calls <c>MonitorServer</c>, which calls
    /// <c>HeartbeatDelay.Wait</c>). Blocking there holds no request or UI thread and no pool thread.
    /// One instance per compilation: answers for methods passed as method groups, and for the methods holding a wait, are cached.
    /// </summary>
    internal sealed class OwnThreads
    {
        /// <summary>How many calls below a thread body a method may lie and still count as running on that thread.</summary>
        public const int MaxCallDepth = 3;

        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _threadMethods = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _calledOnlyThere = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public OwnThreads(KnownTypes types) => _types = types;

        public bool RunsOnOwnThread(IOperation operation, ISymbol containingSymbol) => RunsOnOwnThread(operation, containingSymbol, depth: 0);

        private bool RunsOnOwnThread(IOperation operation, ISymbol containingSymbol, int depth)
        {
            if (_types.Thread is null)
            {
                return false;
            }

            IOperation root = operation;
            for (var current = operation; current != null; current = current.Parent)
            {
                root = current;
                if (current is IAnonymousFunctionOperation lambda && IsThreadBody(lambda))
                {
                    return true;
                }

                if (current is ILocalFunctionOperation localFunction && IsPassedToThreadIn(localFunction.Symbol, FindRoot(current)))
                {
                    return true;
                }
            }

            if (containingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                return false;
            }

            if (_threadMethods.GetOrAdd(method, m => IsPassedToThreadInType(m, root)))
            {
                return true;
            }

            if (root.SemanticModel?.Compilation is not { } compilation || !CanOnlyBeCalledDirectly(method))
            {
                return false;
            }

            // Cached for the method holding the wait only: deeper answers depend on the depth they were asked at.
            return depth == 0
                ? _calledOnlyThere.GetOrAdd(method, m => IsCalledOnlyOnOwnThreads(m, compilation, depth))
                : depth < MaxCallDepth && IsCalledOnlyOnOwnThreads(method, compilation, depth);
        }

        /// <summary>
        /// Every reference to the method is a call made on a thread the program owns, and there is at least one. Found from
        /// the text (the name looked up as a token, as TW301 finds subscriptions), bound only where the name occurs: in the
        /// declaring type's files for a private method, in every file for one visible only inside the assembly.
        /// </summary>
        private bool IsCalledOnlyOnOwnThreads(IMethodSymbol method, Compilation compilation, int depth)
        {
            var name = method.Name;
            var calls = 0;
            foreach (var tree in FilesThatMayCall(method, compilation))
            {
                var text = tree.GetText().ToString();
                SyntaxNode? root = null;
                SemanticModel? model = null;
                for (var at = text.IndexOf(name, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, System.StringComparison.Ordinal))
                {
                    root ??= tree.GetRoot();
                    var token = root.FindToken(at);
                    if (token.SpanStart != at || token.ValueText != name || token.Parent is not SimpleNameSyntax reference)
                    {
                        continue;
                    }

                    // The driver's cached model for the tree (see MethodFacts.Read).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
                    model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    if (!KnownTypes.Is(model.GetSymbolInfo(reference).Symbol?.OriginalDefinition, method.OriginalDefinition))
                    {
                        continue;
                    }

                    // A method group, nameof or anything but a call may run it anywhere.
                    if (CallOf(reference) is not { } invocation || model.GetOperation(invocation) is not IInvocationOperation call)
                    {
                        return false;
                    }

                    // A recursive call runs wherever the method already runs.
                    var caller = EnclosingMember(model, invocation);
                    if (KnownTypes.Is(caller.OriginalDefinition, method.OriginalDefinition))
                    {
                        continue;
                    }

                    if (!RunsOnOwnThread(call, caller, depth + 1))
                    {
                        return false;
                    }

                    calls++;
                }
            }

            return calls > 0;
        }

        private static IEnumerable<SyntaxTree> FilesThatMayCall(IMethodSymbol method, Compilation compilation)
        {
            if (method.DeclaredAccessibility != Accessibility.Private)
            {
                return compilation.SyntaxTrees;
            }

            var trees = new HashSet<SyntaxTree>();
            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                if (compilation.ContainsSyntaxTree(reference.SyntaxTree))
                {
                    trees.Add(reference.SyntaxTree);
                }
            }

            return trees;
        }

        // M(..), x.M(..), x?.M(..): the invocation whose callee is this name.
        private static InvocationExpressionSyntax? CallOf(SimpleNameSyntax name)
        {
            ExpressionSyntax callee = name.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == name => access,
                MemberBindingExpressionSyntax binding => binding,
                _ => name,
            };

            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
        }

        // The member whose body holds the node: lambdas and local functions are the member's (RunsOnOwnThread walks them).
        private static ISymbol EnclosingMember(SemanticModel model, SyntaxNode node)
        {
            var symbol = model.GetEnclosingSymbol(node.SpanStart);
            while (symbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction } function && function.ContainingSymbol != null)
            {
                symbol = function.ContainingSymbol;
            }

            return symbol ?? model.Compilation.Assembly;
        }

        /// <summary>
        /// Only direct calls from inside the assembly can reach it: not virtual, abstract or an override, no interface member
        /// it implements, and not visible outside the assembly (private, internal, or in a type that is).
        /// </summary>
        private static bool CanOnlyBeCalledDirectly(IMethodSymbol method)
        {
            if (method.IsVirtual || method.IsAbstract || method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty
                || method.IsExtern || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (KnownTypes.Is(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    {
                        return false;
                    }
                }
            }

            for (ISymbol? symbol = method; symbol is IMethodSymbol or INamedTypeSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal)
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation FindRoot(IOperation operation)
        {
            while (operation.Parent != null)
            {
                operation = operation.Parent;
            }

            return operation;
        }

        private bool IsThreadBody(IAnonymousFunctionOperation lambda)
        {
            var parent = AboveDelegateWrappers(lambda);

            if (parent is not IArgumentOperation argument)
            {
                return false;
            }

            if (argument.Parent is IObjectCreationOperation creation)
            {
                return KnownTypes.Is(creation.Type, _types.Thread);
            }

            if (argument.Parent is IInvocationOperation { TargetMethod.Name: "StartNew" } startNew
                && (KnownTypes.Is(startNew.TargetMethod.ContainingType?.OriginalDefinition, _types.TaskFactory)
                    || KnownTypes.Is(startNew.TargetMethod.ContainingType?.OriginalDefinition, _types.TaskFactoryOfT)))
            {
                foreach (var other in startNew.Arguments)
                {
                    // TaskCreationOptions.LongRunning = 2
                    if (other.Parameter?.Type.TypeKind == TypeKind.Enum && other.Parameter.Type.Name == "TaskCreationOptions"
                        && other.Value.ConstantValue is { HasValue: true, Value: int options } && (options & 2) != 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // new Thread(Loop), new Thread(new ThreadStart(Loop)) with Loop a local function of this body.
        private bool IsPassedToThreadIn(IMethodSymbol method, IOperation root)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is IMethodReferenceOperation reference && KnownTypes.Is(reference.Method.OriginalDefinition, method.OriginalDefinition)
                    && IsThreadStartArgument(reference))
                {
                    return true;
                }
            }

            return false;
        }

        // The first parent past delegate creations, conversions and `new ThreadStart(..)`-style wrappers.
        private static IOperation? AboveDelegateWrappers(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation
                || parent is IArgumentOperation { Parent: IObjectCreationOperation { Type.TypeKind: TypeKind.Delegate } })
            {
                parent = parent is IArgumentOperation argumentOfDelegate ? argumentOfDelegate.Parent : parent.Parent;
            }

            return parent;
        }

        private bool IsThreadStartArgument(IOperation reference)
        {
            var parent = AboveDelegateWrappers(reference);

            return parent is IArgumentOperation { Parent: IObjectCreationOperation creation } && KnownTypes.Is(creation.Type, _types.Thread);
        }

        // new Thread(ReceiveLoop) anywhere in the type that declares ReceiveLoop: a syntax scan, then binding to confirm.
        private bool IsPassedToThreadInType(IMethodSymbol method, IOperation anyOperation)
        {
            var compilation = anyOperation.SemanticModel?.Compilation;
            if (compilation is null)
            {
                return false;
            }

            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                var typeSyntax = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(typeSyntax.SyntaxTree))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var node in typeSyntax.DescendantNodes())
                {
                    if (node is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation
                        || !NamesMethod(creation.ArgumentList!.Arguments[0].Expression, method.Name))
                    {
                        continue;
                    }

                    // The driver's cached model for the tree (see MethodFacts.Read).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
                    model ??= compilation.GetSemanticModel(typeSyntax.SyntaxTree);
#pragma warning restore RS1030
                    if (model.GetOperation(creation) is IObjectCreationOperation operation && KnownTypes.Is(operation.Type, _types.Thread))
                    {
                        foreach (var descendant in operation.Descendants())
                        {
                            if (descendant is IMethodReferenceOperation methodReference
                                && KnownTypes.Is(methodReference.Method.OriginalDefinition, method.OriginalDefinition))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static bool NamesMethod(ExpressionSyntax expression, string name) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == name,
            BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } inner => NamesMethod(inner.ArgumentList!.Arguments[0].Expression, name),
            _ => false,
        };
    }
}
