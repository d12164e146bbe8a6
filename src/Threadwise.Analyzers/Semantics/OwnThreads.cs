using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that runs on a thread the program created: the lambda, local function or method passed to <c>new Thread(..)</c>
    /// (directly or as <c>new ThreadStart(..)</c>), a lambda or method given to <c>StartNew(.., TaskCreationOptions.LongRunning)</c>
    /// (TwitchDownloader's download worker, <c>StartNew(Execute, token, LongRunning, TaskScheduler.Current)</c>),
    /// and the lambdas and local functions inside them, and a private or internal method that is only ever called from such
    /// code, up to <see cref="CallSites.MaxCallDepth"/> calls down (MongoDB's monitor thread calls <c>MonitorServer</c>, which calls
    /// <c>HeartbeatDelay.Wait</c>). Blocking there holds no request or UI thread and no pool thread.
    /// One instance per compilation: answers for methods passed as method groups, and for the methods holding a wait, are cached.
    /// </summary>
    internal sealed class OwnThreads
    {
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

            return root.SemanticModel?.Compilation is { } compilation
                && CallSites.OnlyCalledWhere(method, compilation, depth, _calledOnlyThere, RunsOnOwnThread);
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

            return IsThreadStart(argument.Parent);
        }

        /// <summary><c>new Thread(..)</c>, or <c>Task.Factory.StartNew(.., TaskCreationOptions.LongRunning, ..)</c>: a thread of its own.</summary>
        private bool IsThreadStart(IOperation? call)
        {
            if (call is IObjectCreationOperation creation)
            {
                return KnownTypes.Is(creation.Type, _types.Thread);
            }

            if (call is IInvocationOperation { TargetMethod.Name: "StartNew" } startNew
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

            return parent is IArgumentOperation argument && IsThreadStart(argument.Parent);
        }

        // new Thread(ReceiveLoop) or a long-running StartNew(ReceiveLoop, ..) anywhere in the type that declares ReceiveLoop:
        // a syntax scan, then binding to confirm.
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
                    // new Thread(Loop, ..) or Task.Factory.StartNew(Loop, .., TaskCreationOptions.LongRunning, ..)
                    var arguments = node switch
                    {
                        BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
                        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "StartNew" } } invocation => invocation.ArgumentList,
                        _ => null,
                    };
                    if (arguments is not { Arguments.Count: > 0 } || !NamesMethod(arguments.Arguments[0].Expression, method.Name))
                    {
                        continue;
                    }

                    model ??= DriverModels.Of(compilation, typeSyntax.SyntaxTree);
                    if (model.GetOperation(node) is { } operation && IsThreadStart(operation))
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
