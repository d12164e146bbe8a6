using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Tasks of synchronous work on the pool that are joined or shared rather than started for the one wait: a join of
    /// forks (<c>Task.Factory.ContinueWhenAll(forks, work)</c>), a fork kept in a cache that every caller shares
    /// (<c>cache.GetOrAdd(key, k =&gt; Task.Factory.StartNew(() =&gt; Scan(k)))</c> on a <c>readonly ConcurrentDictionary</c>
    /// field whose every store is a fork), a synchronous <c>ContinueWith</c> of either, and a non-async source method that
    /// returns only these. MassTransit's assembly-type cache is the shape: its synchronous registration API waits for the
    /// scans of several assemblies, run in parallel and cached for every later caller. Waiting for one is
    /// <c>Parallel.Invoke</c> or <c>Lazy&lt;T&gt;</c> written by hand: nothing asynchronous is waited on and no continuation
    /// needs the caller's context. A fork is <see cref="ForkJoins.IsFork"/>'s: <c>Task.Run</c>/<c>StartNew</c> of work that is
    /// not async and returns no task. A single fresh <c>Task.Run(work).Result</c> is not shared (<see cref="SchedulerHops"/>),
    /// and the method's own forks joined by <c>Task.WaitAll</c> are <see cref="ForkJoins"/>'.
    /// </summary>
    internal static class ForkedWork
    {
        // Source methods and continuations followed, one level each: enough for a cache behind two helpers.
        private const int MaxDepth = 5;

        // Whether a source method returns only joined or shared forked work: asked at every wait on its task, read once.
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>> s_returnsShared =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>>();

        /// <summary>Whether <paramref name="task"/> is joined or shared forked work.</summary>
        public static bool IsShared(IOperation task, KnownTypes types, Compilation compilation) => IsShared(task, types, compilation, 0);

        /// <summary>A collection (array, LINQ query, a cache's values) each of whose tasks is a fork or shared forked work.</summary>
        public static bool AllForks(IOperation collection, KnownTypes types, Compilation compilation) => AllForks(collection, types, compilation, 0);

        private static bool IsShared(IOperation value, KnownTypes types, Compilation compilation, int depth)
        {
            if (depth > MaxDepth || LocalInitializers.Unaliased(value) is not IInvocationOperation call)
            {
                return false;
            }

            var method = call.TargetMethod;
            switch (method.Name)
            {
                case "ContinueWith" when ContinuationAntecedents.ContinueWithAntecedent(call, types) is { } antecedent:
                    return ContinuesSynchronously(call, types) && IsShared(antecedent, types, compilation, depth + 1);
                case "ContinueWhenAll" when KnownTypes.Is(method.ContainingType, types.TaskFactory)
                    || KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.TaskFactoryOfT):
                    return ContinuesSynchronously(call, types) && call.ArgumentFor(0)?.Value is { } forks && AllForks(forks, types, compilation, depth + 1);
                case "GetOrAdd" when call.Instance?.WalkDownConversions() is IFieldReferenceOperation cache && IsCache(cache.Field, types):
                    return call.ArgumentFor(1)?.Value is { } added && StoresForks(added, types, compilation, depth + 1)
                        && HoldsOnlyForks(cache.Field, types, compilation, depth + 1);
            }

            return !method.IsAsync && !method.DeclaringSyntaxReferences.IsEmpty && SourceBodies.RunsAsDeclared(method)
                && ReturnsShared(method.OriginalDefinition, types, compilation, depth);
        }

        // A "no" found only because the depth ran out is not kept: asked from nearer the wait, the answer may be "yes".
        private static bool ReturnsShared(IMethodSymbol method, KnownTypes types, Compilation compilation, int depth)
        {
            var known = s_returnsShared.GetValue(compilation, _ => new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default));
            if (known.TryGetValue(method, out var answer))
            {
                return answer;
            }

            answer = SourceBodies.OfMethod(method, compilation) is IMethodBodyOperation body
                && body.EveryReturnedValue(returned => IsShared(returned, types, compilation, depth + 1));
            if (answer || depth == 0)
            {
                known.TryAdd(method, answer);
            }

            return answer;
        }

        private static bool AllForks(IOperation collection, KnownTypes types, Compilation compilation, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            var value = LocalInitializers.Unaliased(collection);
            switch (value)
            {
                // assemblies.Select(ForAssembly).ToArray(), cache.Values.ToList()
                case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" } copy when IsLinq(copy.TargetMethod, types):
                    return copy.ArgumentFor(0)?.Value is { } copied && AllForks(copied, types, compilation, depth + 1);
                case IInvocationOperation { TargetMethod.Name: "Select" } select when IsLinq(select.TargetMethod, types)
                    && select.ArgumentFor(0)?.Value is { } source && select.ArgumentFor(1)?.Value is { } selector:
                    return SelectsCachedValues(source, selector, types, compilation, depth)
                        || Returns(selector, returned => IsForkOrShared(returned, types, compilation, depth + 1));
                // cache.Values
                case IPropertyReferenceOperation { Property.Name: "Values", Instance: { } instance }
                    when instance.WalkDownConversions() is IFieldReferenceOperation cache && IsCache(cache.Field, types):
                    return HoldsOnlyForks(cache.Field, types, compilation, depth + 1);
            }

            var elements = BlockingWaits.CollectionElements(value);
            if (elements.IsDefaultOrEmpty)
            {
                return false;
            }

            foreach (var element in elements)
            {
                if (!IsForkOrShared(element, types, compilation, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        // cache.Select(entry => entry.Value): the tasks a cache holds.
        private static bool SelectsCachedValues(IOperation source, IOperation selector, KnownTypes types, Compilation compilation, int depth) =>
            source.WalkDownConversions() is IFieldReferenceOperation cache && IsCache(cache.Field, types)
            && selector.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            && lambda.OnlyExpression()?.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Value", Instance: IParameterReferenceOperation entry }
            && lambda.Symbol.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(entry.Parameter, lambda.Symbol.Parameters[0])
            && HoldsOnlyForks(cache.Field, types, compilation, depth + 1);

        private static bool IsForkOrShared(IOperation value, KnownTypes types, Compilation compilation, int depth) =>
            ForkJoins.IsFork(value, types, compilation) || IsShared(value, types, compilation, depth);

        // What GetOrAdd/TryAdd/an indexer stores: a fork, or the forks a factory delegate returns.
        private static bool StoresForks(IOperation value, KnownTypes types, Compilation compilation, int depth) =>
            value.WalkDownConversions() is IDelegateCreationOperation
                ? Returns(value, returned => IsForkOrShared(returned, types, compilation, depth))
                : IsForkOrShared(value, types, compilation, depth);

        // Every value a delegate (a lambda, or a source method passed as a group) returns passes the test.
        private static bool Returns(IOperation delegateValue, Func<IOperation, bool> test) =>
            delegateValue.WalkDownConversions() is IDelegateCreationOperation creation
            && creation.Target switch
            {
                IAnonymousFunctionOperation lambda => lambda.EveryReturnedValue(test),
                IMethodReferenceOperation group => SourceBodies.RunsAsDeclared(group.Method)
                    && SourceBodies.OfMethod(group.Method.OriginalDefinition, creation.SemanticModel!.Compilation) is IMethodBodyOperation body
                    && body.EveryReturnedValue(test),
                _ => false,
            };

        // ContinueWith(work), ContinueWhenAll(tasks, work): synchronous work, on no scheduler but the pool's or the current one.
        private static bool ContinuesSynchronously(IInvocationOperation call, KnownTypes types) =>
            SchedulerHops.PassesSynchronousWork(call, types) && Offloading.PassesDefaultScheduler(call, types) != false;

        /// <summary>
        /// Whether every task the cache holds is a fork: a <c>readonly</c> field, created empty, that only the types able to
        /// see it (its own, or the one a private nested type sits in) use, and only to add forks, read, or remove.
        /// </summary>
        private static bool HoldsOnlyForks(IFieldSymbol field, KnownTypes types, Compilation compilation, int depth)
        {
            if (!field.IsReadOnly || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || !compilation.ContainsSyntaxTree(declarator.SyntaxTree)
                || DriverModels.Of(compilation, declarator.SyntaxTree).GetOperation(initializer)?.WalkDownConversions() is not IObjectCreationOperation { Initializer: null } creation
                || creation.Arguments.Any(argument => argument.Parameter?.Name == "collection")
                || FieldUses.InAccessibleScope(field, compilation) is not { } uses)
            {
                return false;
            }

            foreach (var (name, model) in uses)
            {
                var node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
                if (model.GetOperation(node) is not IFieldReferenceOperation reference || !IsKnownUse(reference, types, compilation, depth))
                {
                    return false;
                }
            }

            return true;
        }

        // Adds a fork, reads, or removes; anything else (passed on, a store of another task) lets unknown tasks in.
        private static bool IsKnownUse(IFieldReferenceOperation reference, KnownTypes types, Compilation compilation, int depth)
        {
            var use = reference.ParentPastConversions();
            switch (use)
            {
                case IInvocationOperation call when call.Instance?.WalkDownConversions() == reference:
                    return call.TargetMethod.Name switch
                    {
                        "GetOrAdd" or "TryAdd" => call.ArgumentFor(1)?.Value is { } added && StoresForks(added, types, compilation, depth),
                        "Clear" or "TryRemove" or "TryGetValue" or "ContainsKey" or "GetEnumerator" or "ToArray" => true,
                        _ => false,
                    };
                case IPropertyReferenceOperation { Property.IsIndexer: true } element when element.Instance?.WalkDownConversions() == reference:
                    return element.Parent switch
                    {
                        ISimpleAssignmentOperation assignment when assignment.Target == element => IsForkOrShared(assignment.Value, types, compilation, depth),
                        IAssignmentOperation => false,
                        _ => true,
                    };
                case IPropertyReferenceOperation { Property.Name: "Values" or "Keys" or "Count" or "IsEmpty" } property
                    when property.Instance?.WalkDownConversions() == reference:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation call }:
                    return IsLinq(call.TargetMethod, types);
                case IForEachLoopOperation:
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsCache(IFieldSymbol field, KnownTypes types) =>
            KnownTypes.Is(field.Type.OriginalDefinition, types.ConcurrentDictionary)
            && field.Type is INamedTypeSymbol { TypeArguments.Length: 2 } dictionary && types.IsTaskLike(dictionary.TypeArguments[1]);

        private static bool IsLinq(IMethodSymbol method, KnownTypes types) =>
            method.IsExtensionMethod && KnownTypes.Is(method.ContainingType, types.Enumerable);
    }
}
