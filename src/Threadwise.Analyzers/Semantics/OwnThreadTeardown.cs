using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// <c>Thread.Join</c> of the type's own worker threads while it tears them down: in <c>Dispose()</c> /
    /// <c>Dispose(bool)</c>, or in a catch clause that undoes a failed start and rethrows (<see cref="ErrorPaths"/>). The
    /// lock there keeps a concurrent start from publishing new state while the old threads stop; nobody else should be
    /// using an object that is being disposed, or that failed to start. Only a thread held in a field of the type (or an
    /// element of an array or list field, joined in a <c>foreach</c> over the field or <c>field ?? empty</c>) counts; a thread, task or process owned elsewhere,
    /// and a join in any other method, stay reported.
    /// </summary>
    internal static class OwnThreadTeardown
    {
        public static bool IsJoinOfOwnThreads(IInvocationOperation join, ISymbol containingSymbol, KnownTypes types)
        {
            if (join.TargetMethod.Name != "Join" || !KnownTypes.Is(join.TargetMethod.ContainingType, types.Thread)
                || !IsOwnThread(join.Receiver(), containingSymbol.ContainingType))
            {
                return false;
            }

            return IsDispose(containingSymbol) || ErrorPaths.IsOnErrorPath(join);
        }

        private static bool IsDispose(ISymbol member) =>
            member is IMethodSymbol { Name: "Dispose", ReturnsVoid: true } method
            && (method.Parameters.Length == 0 || method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean);

        // _worker, or t in foreach (var t in _workers)
        private static bool IsOwnThread(IOperation? receiver, INamedTypeSymbol? type)
        {
            switch (receiver?.ReferencedVariable())
            {
                case IFieldSymbol field:
                    return KnownTypes.Is(field.ContainingType, type);
                case ILocalSymbol local:
                    for (var current = receiver.Parent; current != null && !current.IsFunctionBoundary(); current = current.Parent)
                    {
                        if (current is IForEachLoopOperation loop && loop.Locals.Contains(local))
                        {
                            var collection = loop.Collection.WalkDownConversions();
                            collection = collection is ICoalesceOperation coalesce ? coalesce.Value.WalkDownConversions() : collection;
                            return collection.ReferencedVariable() is IFieldSymbol field && KnownTypes.Is(field.ContainingType, type);
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}
