using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rewriting;
using Threadwise.Rules.Blocking;
using Threadwise.Semantics;

namespace Threadwise.Fixes.Blocking
{
    /// <summary>
    /// The solution-wide edit behind TW103's "Make method async": the methods that hold the waits become
    /// <c>async Task</c>/<c>async Task&lt;T&gt;</c> named <c>…Async</c>, the waits become awaits, and every call in the
    /// solution is updated. With propagation, a synchronous caller that can become async is changed the same way, in
    /// turn; at a stop (see <see cref="ClassifyCallAsync"/>) the call becomes <c>MAsync(..).GetAwaiter().GetResult()</c>
    /// and that wait is left for the user.
    /// </summary>
    internal sealed class MakeAsyncPlan
    {
        private readonly Solution _solution;
        private readonly bool _propagate;
        private readonly bool _localOnly;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<ISymbol, MethodInfo?> _eligible = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _changed = new(SymbolEqualityComparer.Default);
        private readonly Queue<MethodInfo> _queue = new();
        private readonly List<Edit> _edits = new();
        private readonly List<(DocumentId Document, MethodDeclarationSyntax Declaration, MethodDeclarationSyntax Shim)> _shims = new();
        private readonly HashSet<SyntaxNode> _asyncLambdas = new();
        private readonly List<MethodInfo> _changedMethods = new();
        private readonly HashSet<(DocumentId, int)> _seenReferences = new();
        private readonly Dictionary<DocumentId, ConfigureAwaitConvention> _conventions = new();

        /// <param name="localOnly">
        /// For the light bulb: the callers of a method are not searched for, except those of a private method (found in its
        /// own type); they are found when the user picks the action, where a use the fix cannot update keeps a shim (see
        /// <see cref="EligibleAsync"/>). The members whose signatures change with the method (implementations, overrides)
        /// are still found: a group the fix cannot change must not be offered, and no shim can stand in for it.
        /// </param>
        private MakeAsyncPlan(Solution solution, bool propagate, CancellationToken cancellationToken, bool localOnly = false)
        {
            _solution = solution;
            _propagate = propagate;
            _localOnly = localOnly;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Whether the fix can start from this diagnostic (its method or lambda can become async).</summary>
        /// <summary>
        /// Whether the fix can start from this diagnostic (its method or lambda can become async), without searching the
        /// callers: the light bulb must not wait for the search that matters most on a large solution. A caller found
        /// later that the fix cannot update (a method group, a <c>?.</c> call) keeps a shim under the old name.
        /// </summary>
        public static async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var plan = new MakeAsyncPlan(document.Project.Solution, propagate: false, cancellationToken, localOnly: true);
            return await plan.AddRootAsync(document, diagnostic).ConfigureAwait(false);
        }

        /// <summary>
        /// For the fix's title: the public API of a library the fix changes (the method that holds the wait and the members
        /// that change with it; propagation never changes public API, it stops there), e.g. <c>'Store.Load' becomes
        /// 'LoadAsync' returning 'Task&lt;string&gt;'</c>; null when it changes none. Call after <see cref="CanFixAsync"/>.
        /// </summary>
        public static async Task<string?> PublicApiChangeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(TW103BlockingWaitInSyncAnalyzer.TargetProperty, out var target)
                || target == TW103BlockingWaitInSyncAnalyzer.TargetLambda
                || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
                || EnclosingFunction(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not MethodDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method)
            {
                return null;
            }

            var plan = new MakeAsyncPlan(document.Project.Solution, propagate: false, cancellationToken);
            if (await plan.GroupAsync(method).ConfigureAwait(false) is not { } group)
            {
                return null;
            }

            var changed = new List<IMethodSymbol>();
            foreach (var member in group)
            {
                if (plan._solution.GetDocument(member.Locations[0].SourceTree) is { } memberDocument && IsPublicApiOfLibrary(member, memberDocument.Project))
                {
                    changed.Add(member);
                }
            }

            if (changed.Count == 0)
            {
                return null;
            }

            var first = changed.FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m, method)) ?? changed[0];
            var name = first.Name.EndsWith("Async", StringComparison.Ordinal) ? first.Name : first.Name + "Async";
            var returnType = first.ReturnsVoid ? "Task" : $"Task<{first.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}>";
            var display = $"{first.ContainingType.Name}.{first.Name}";
            var change = name == first.Name
                ? $"'{display}' returns '{returnType}'"
                : $"'{display}' becomes '{name}' returning '{returnType}'";
            return changed.Count switch
            {
                1 => change,
                2 => change + " and 1 other member",
                _ => change + $" and {changed.Count - 1} other members",
            };
        }

        public static async Task<Solution> ApplyAsync(
            Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> roots, bool propagate, CancellationToken cancellationToken)
        {
            var plan = new MakeAsyncPlan(solution, propagate, cancellationToken);
            foreach (var (document, diagnostic) in roots)
            {
                await plan.AddRootAsync(document, diagnostic).ConfigureAwait(false);
            }

            await plan.PropagateAsync().ConfigureAwait(false);
            return await plan.ApplyEditsAsync().ConfigureAwait(false);
        }

        private async Task<bool> AddRootAsync(Document document, Diagnostic diagnostic)
        {
            if (AwaitRewrites.From(diagnostic) is not { } fix
                || !diagnostic.Properties.TryGetValue(TW103BlockingWaitInSyncAnalyzer.TargetProperty, out var target)
                || await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false) is not { } root
                || await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false) is not { } model)
            {
                return false;
            }

            // The wait must have an await form here (not x?.Wait(), whose receiver may be null).
            var wait = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!wait.Span.Equals(diagnostic.Location.SourceSpan) || BlockingWaitRewriter.Rewrite(wait, fix) is null
                || wait.Parent is ConditionalAccessExpressionSyntax || wait.Parent?.Parent is ConditionalAccessExpressionSyntax)
            {
                return false;
            }

            var function = EnclosingFunction(wait);
            if (target == TW103BlockingWaitInSyncAnalyzer.TargetLambda)
            {
                if (function is not AnonymousFunctionExpressionSyntax lambda
                    || !await LambdaFixCompilesAsync(document, root, lambda, wait, fix).ConfigureAwait(false))
                {
                    return false;
                }

                AddWaitEdit(document, model, wait, fix);
                if (_asyncLambdas.Add(lambda))
                {
                    _edits.Add(new Edit(document.Id, lambda, current => current is AnonymousFunctionExpressionSyntax f ? AsyncSignatureRewriter.MakeAsync(f) : current));
                }

                return true;
            }

            if (function is not MethodDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration, _cancellationToken) is not { } method
                || !await TryChangeAsync(method).ConfigureAwait(false))
            {
                return false;
            }

            AddWaitEdit(document, model, wait, fix);
            return true;
        }

        private void AddWaitEdit(Document document, SemanticModel model, SyntaxNode wait, AwaitRewrite fix)
        {
            var configureAwait = BlockingWaitRewriter.AwaitedOperand(wait, fix) is { } operand
                && ConventionFor(document, model).AppliesTo(wait, operand);
            _edits.Add(new Edit(document.Id, wait, current => BlockingWaitRewriter.Rewrite(current, fix, configureAwait) ?? current, producesAwait: true));
        }

        /// <summary>The ConfigureAwait convention of a document, read once per plan.</summary>
        private ConfigureAwaitConvention ConventionFor(Document document, SemanticModel model)
        {
            if (!_conventions.TryGetValue(document.Id, out var convention))
            {
                convention = ConfigureAwaitConvention.For(document, model, _cancellationToken);
                _conventions[document.Id] = convention;
            }

            return convention;
        }

        /// <summary>
        /// Adds the method — with every method whose signature must change with it — to the changed set when all of them
        /// can become async; queues their callers.
        /// </summary>
        /// <param name="asCaller">A caller reached by propagation: a group with public API of a library is a stop.</param>
        private async Task<bool> TryChangeAsync(IMethodSymbol method, bool asCaller = false)
        {
            if (_changed.Contains(method))
            {
                return true;
            }

            if (await GroupAsync(method).ConfigureAwait(false) is not { } group)
            {
                return false;
            }

            var infos = new List<MethodInfo>();
            foreach (var member in group)
            {
                if (asCaller && _solution.GetDocument(member.Locations[0].SourceTree) is { } memberDocument
                    && IsPublicApiOfLibrary(member, memberDocument.Project))
                {
                    return false;
                }

                if (await EligibleAsync(member, grouped: group.Count > 1, keepsShim: !asCaller && group.Count == 1).ConfigureAwait(false) is not { } info)
                {
                    return false;
                }

                infos.Add(info);
            }

            foreach (var info in infos)
            {
                _changed.Add(info.Method);
                _queue.Enqueue(info);
                _changedMethods.Add(info);
            }

            return true;
        }

        /// <summary>
        /// The methods whose signatures change together: the method alone; or an interface member declared in the
        /// solution with all its implementations; or a virtual or abstract method with all its overrides. Null when the
        /// shape is not one of these (a method implementing several members, an override of a method outside the
        /// solution) — a stop.
        /// </summary>
        private async Task<List<IMethodSymbol>?> GroupAsync(IMethodSymbol method)
        {
            var interfaceMembers = ImplementedInterfaceMembers(method);
            var type = method.ContainingType;
            if (type is null)
            {
                return null;
            }

            IMethodSymbol root;
            if (type.TypeKind == TypeKind.Interface)
            {
                root = method;
            }
            else if (method.IsOverride)
            {
                root = method;
                while (root.OverriddenMethod is { } overridden)
                {
                    root = overridden;
                }

                if (interfaceMembers.Count > 0 || !ImplementedInterfaceMembers(root).Count.Equals(0))
                {
                    return null;
                }
            }
            else if (interfaceMembers.Count == 1 && !method.IsVirtual && !method.IsAbstract)
            {
                root = interfaceMembers[0];
            }
            else if (interfaceMembers.Count == 0)
            {
                if (!method.IsVirtual && !method.IsAbstract)
                {
                    return new List<IMethodSymbol> { method };
                }

                root = method;
            }
            else
            {
                return null;
            }

            // A base or interface member outside the solution cannot change: a stop, found before any search.
            if (!IsInSource(root))
            {
                return null;
            }

            var members = new List<IMethodSymbol> { root };
            var pending = new Queue<IMethodSymbol>();
            pending.Enqueue(root);
            while (pending.Count > 0)
            {
                var current = pending.Dequeue();
                var related = current.ContainingType.TypeKind == TypeKind.Interface
                    ? await SymbolFinder.FindImplementationsAsync(current, _solution, cancellationToken: _cancellationToken).ConfigureAwait(false)
                    : current.IsVirtual || current.IsAbstract || current.IsOverride
                        ? await SymbolFinder.FindOverridesAsync(current, _solution, cancellationToken: _cancellationToken).ConfigureAwait(false)
                        : Enumerable.Empty<ISymbol>();
                foreach (var symbol in related)
                {
                    if (symbol is not IMethodSymbol member || !IsInSource(member))
                    {
                        return null;
                    }

                    if (!members.Contains(member, SymbolEqualityComparer.Default))
                    {
                        // An implementation that implements other interface members too cannot follow this one.
                        if (member.ContainingType.TypeKind != TypeKind.Interface && ImplementedInterfaceMembers(member).Count > 1)
                        {
                            return null;
                        }

                        members.Add(member);
                        pending.Enqueue(member);
                    }
                }
            }

            return members.Contains(method, SymbolEqualityComparer.Default) ? members : null;
        }

        private static bool IsInSource(IMethodSymbol method) =>
            !method.Locations.IsEmpty && method.Locations.All(l => l.IsInSource);

        private static List<IMethodSymbol> ImplementedInterfaceMembers(IMethodSymbol method)
        {
            var result = new List<IMethodSymbol>(method.ExplicitInterfaceImplementations);
            if (method.IsStatic || method.ContainingType is not { } type || type.TypeKind == TypeKind.Interface)
            {
                return result;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers())
                {
                    if (member is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod), method)
                        && !result.Contains(interfaceMethod, SymbolEqualityComparer.Default))
                    {
                        result.Add(interfaceMethod);
                    }
                }
            }

            return result;
        }

        private async Task PropagateAsync()
        {
            while (_queue.Count > 0)
            {
                var info = _queue.Dequeue();
                foreach (var reference in info.References)
                {
                    // Members of a group share their references (a call through the interface is found from each).
                    if (!_seenReferences.Add((reference.Document.Id, reference.Name.SpanStart)))
                    {
                        continue;
                    }

                    if (reference.Call is { } call)
                    {
                        await ClassifyCallAsync(reference.Document, call, info.NewName).ConfigureAwait(false);
                    }
                    else
                    {
                        var newName = info.NewName;
                        _edits.Add(new Edit(reference.Document.Id, reference.Name, current =>
                            current is SimpleNameSyntax name ? Rename(name, newName) : current));
                    }
                }
            }
        }

        /// <summary>
        /// A call to a method being made async becomes <c>await MAsync(..)</c> where the caller is (or becomes) async, and
        /// <c>MAsync(..).GetAwaiter().GetResult()</c> at a stop. With propagation a synchronous caller becomes async in
        /// turn unless it is: an entry point (<c>Main</c>, top-level statements); a public or protected member of a
        /// library project (callers outside the solution would break); an implementation or override of a member
        /// outside the solution (inside it, the whole interface or override group changes: <see cref="GroupAsync"/>);
        /// a method that cannot become async (a constructor, accessor, operator, <c>Dispose</c>, a method with
        /// <c>ref</c>/<c>out</c> parameters, an iterator, ref struct locals, a name that would collide); a method also
        /// used as a delegate (method group); a synchronous lambda or local function; a call where <c>await</c> cannot
        /// be written (<c>lock</c>, <c>unsafe</c>, a catch filter, a query clause).
        /// </summary>
        private async Task ClassifyCallAsync(Document document, InvocationExpressionSyntax call, string newName)
        {
            var awaitIt = false;
            if (AsyncPath.CanAwaitAt(call))
            {
                switch (EnclosingFunction(call))
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        awaitIt = lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                        break;

                    case LocalFunctionStatementSyntax localFunction:
                        awaitIt = localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword);
                        break;

                    case MethodDeclarationSyntax declaration:
                        var model = await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false);
                        if (model?.GetDeclaredSymbol(declaration, _cancellationToken) is { } caller)
                        {
                            awaitIt = caller.IsAsync
                                || _changed.Contains(caller)
                                || _propagate && await TryChangeAsync(caller, asCaller: true).ConfigureAwait(false);
                        }

                        break;

                    // Top-level statements: awaiting there is fine once they already await; otherwise they are the entry point.
                    case CompilationUnitSyntax unit:
                        awaitIt = unit.Members.OfType<GlobalStatementSyntax>().Any(s => s.DescendantNodes(n => !AsyncPath.IsFunction(n)).OfType<AwaitExpressionSyntax>().Any());
                        break;
                }
            }

            // The renamed method returns Task or Task<T>, which has ConfigureAwait; whether to write it is the code's convention.
            var configureAwait = awaitIt
                && await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false) is { } callerModel
                && ConventionFor(document, callerModel).AppliesTo(call, callerModel.Compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Task"));
            _edits.Add(new Edit(document.Id, call, current => current is InvocationExpressionSyntax invocation ? RewriteCall(invocation, newName, awaitIt, configureAwait) : current, awaitIt));
        }

        private static SyntaxNode RewriteCall(InvocationExpressionSyntax current, string newName, bool awaitIt, bool configureAwait)
        {
            ExpressionSyntax callee = current.Expression switch
            {
                SimpleNameSyntax name => Rename(name, newName),
                MemberAccessExpressionSyntax access => access.WithName(Rename(access.Name, newName)),
                var other => other,
            };
            var renamed = current.WithExpression(callee);
            if (awaitIt)
            {
                return AwaitRewriter.Await(renamed, current, configureAwait);
            }

            return WaitOn(renamed.WithoutTrivia()).WithTriviaFrom(current);
        }

        /// <summary><c>task.GetAwaiter().GetResult()</c>: the wait left at a stop, and the body of a shim.</summary>
        private static InvocationExpressionSyntax WaitOn(ExpressionSyntax task)
        {
            var getAwaiter = SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, task, SyntaxFactory.IdentifierName("GetAwaiter")));
            return SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, getAwaiter, SyntaxFactory.IdentifierName("GetResult")));
        }

        private static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName) =>
            name.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier));

        /// <summary>
        /// Can this method become async, and where is it used? Null when not: the analyzer's signature checks, a single
        /// declaration in this solution with a body, no iterator, <c>stackalloc</c>, <c>unsafe</c>/<c>fixed</c> or ref/ref
        /// struct locals, no member already named <c>MAsync</c> in the type or its bases, and every reference a direct
        /// call (not <c>x?.M()</c>), a <c>nameof</c> or a <c>cref</c>.
        /// </summary>
        /// <param name="keepsShim">
        /// A root method on its own (not a group member, not a caller reached by propagation) whose name is also used other
        /// than in a direct call (a method group, <c>x?.M()</c>): it keeps a synchronous shim under the old name for those
        /// uses (<c>void M(..) =&gt; MAsync(..).GetAwaiter().GetResult();</c>), so the fix found when the action runs — the
        /// light bulb searches no callers — still builds. Otherwise such a use makes the method ineligible.
        /// </param>
        private async Task<MethodInfo?> EligibleAsync(IMethodSymbol method, bool grouped, bool keepsShim = false)
        {
            if (_eligible.TryGetValue(method, out var cached))
            {
                return cached;
            }

            var info = await ComputeEligibleAsync(method, grouped, keepsShim).ConfigureAwait(false);
            _eligible[method] = info;
            return info;
        }

        private async Task<MethodInfo?> ComputeEligibleAsync(IMethodSymbol method, bool grouped, bool keepsShim)
        {
            if (method.DeclaringSyntaxReferences.Length != 1
                || await method.DeclaringSyntaxReferences[0].GetSyntaxAsync(_cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax declaration
                || declaration.Body is null && declaration.ExpressionBody is null && !(grouped && method.IsAbstract)
                || _solution.GetDocument(declaration.SyntaxTree) is not { } document
                || await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false) is not { } model)
            {
                return null;
            }

            var types = CompilationContext.For(model.Compilation).Types;
            var signatureOk = grouped
                ? TW103BlockingWaitInSyncAnalyzer.SignatureCanBecomeAsync(method, types)
                : TW103BlockingWaitInSyncAnalyzer.CanBecomeAsync(method, types);
            if (types.Task is null || !signatureOk || !BodyCanBeAsync(declaration, model))
            {
                return null;
            }

            var oldName = declaration.Identifier.ValueText;
            var newName = oldName.EndsWith("Async", StringComparison.Ordinal) ? oldName : oldName + "Async";
            if (newName != oldName)
            {
                for (var type = method.ContainingType; type != null; type = type.BaseType)
                {
                    if (!type.GetMembers(newName).IsEmpty)
                    {
                        return null;
                    }
                }
            }

            var references = new List<Reference>();
            var shim = false;

            // The light bulb searches the callers of a private method only (its own type); those of a method that can keep a
            // shim are found when the action runs, where a use that is not a call keeps one (see EligibleAsync). A member of
            // an interface or override group cannot keep a shim: its callers are searched here, or the action could do nothing.
            if (_localOnly && keepsShim && method.DeclaredAccessibility != Accessibility.Private)
            {
                return new MethodInfo(method, document, declaration, newName, references, WrapPlan.For(declaration, method, model), shim: false);
            }

            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, _solution, _cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.IsImplicit || location.Document.Project.Language != LanguageNames.CSharp
                        || await location.Document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false) is not { } root
                        || root.FindToken(location.Location.SourceSpan.Start, findInsideTrivia: true).Parent is not SimpleNameSyntax name)
                    {
                        return null;
                    }

                    // nameof(M) binds to a method group: a candidate location.
                    if (name.FirstAncestorOrSelf<CrefSyntax>() != null || IsInNameOf(name))
                    {
                        references.Add(new Reference(location.Document, name, null));
                        continue;
                    }

                    if (location.IsCandidateLocation)
                    {
                        return null;
                    }

                    ExpressionSyntax callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    if (callee.Parent is not InvocationExpressionSyntax call || call.Expression != callee)
                    {
                        // A method group (delegate, event handler) or a conditional access: the call's shape would change.
                        // A non-private root keeps the old name as a shim for it; otherwise the method cannot change.
                        if (!keepsShim || method.DeclaredAccessibility == Accessibility.Private)
                        {
                            return null;
                        }

                        shim = true;
                        continue;
                    }

                    references.Add(new Reference(location.Document, name, call));
                }
            }

            // MAsync cannot sit beside a shim of the same name.
            if (shim && newName == oldName)
            {
                return null;
            }

            return new MethodInfo(method, document, declaration, newName, references, WrapPlan.For(declaration, method, model), shim);
        }

        internal static bool BodyCanBeAsync(SyntaxNode declaration, SemanticModel model)
        {
            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case YieldStatementSyntax:
                    case StackAllocArrayCreationExpressionSyntax:
                    case ImplicitStackAllocArrayCreationExpressionSyntax:
                    case UnsafeStatementSyntax:
                    case FixedStatementSyntax:
                    case RefTypeSyntax:
                    case RefExpressionSyntax:
                        return false;
                    case VariableDeclarationSyntax variables when model.GetTypeInfo(variables.Type).Type is { IsRefLikeType: true }:
                        return false;
                    case SingleVariableDesignationSyntax designation when model.GetDeclaredSymbol(designation) is ILocalSymbol { Type.IsRefLikeType: true }:
                        return false;
                }
            }

            return true;
        }

        private static bool IsInNameOf(SyntaxNode node) =>
            node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

        /// <summary>Public or protected all the way out, in a library: code outside the solution may call it.</summary>
        private static bool IsPublicApiOfLibrary(IMethodSymbol method, Project project)
        {
            var kind = project.CompilationOptions?.OutputKind;
            if (kind != OutputKind.DynamicallyLinkedLibrary && kind != OutputKind.NetModule)
            {
                return false;
            }

            for (ISymbol? symbol = method; symbol is IMethodSymbol || symbol is INamedTypeSymbol; symbol = symbol.ContainingSymbol)
            {
                var accessibility = symbol!.DeclaredAccessibility;
                if (accessibility != Accessibility.Public && accessibility != Accessibility.Protected && accessibility != Accessibility.ProtectedOrInternal)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The innermost lambda, local function, member or compilation unit (top-level statements) around the node.</summary>
        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (AsyncPath.IsFunction(current))
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>
        /// Makes the lambda async in a copy of the document and checks that it still binds: no new error, and the
        /// delegate it converts to returns a task (an <c>Action</c> would make it <c>async void</c>).
        /// </summary>
        private async Task<bool> LambdaFixCompilesAsync(Document document, SyntaxNode root, AnonymousFunctionExpressionSyntax lambda, SyntaxNode wait, AwaitRewrite fix)
        {
            var member = lambda.Ancestors().FirstOrDefault(n => n is MemberDeclarationSyntax || n is GlobalStatementSyntax) ?? root;
            var before = await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false);
            if (before is null || AssignedToVoidDelegate(lambda, before)
                || before.GetDiagnostics(member.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return false;
            }

            var annotation = new SyntaxAnnotation();
            var editor = new SyntaxEditor(root, document.Project.Solution.Services);
            editor.ReplaceNode(wait, (current, _) => BlockingWaitRewriter.Rewrite(current, fix) ?? current);
            editor.ReplaceNode(lambda, (current, _) => current is AnonymousFunctionExpressionSyntax f ? AsyncSignatureRewriter.MakeAsync(f).WithAdditionalAnnotations(annotation) : current);
            var changed = document.WithSyntaxRoot(editor.GetChangedRoot());
            var newRoot = await changed.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false);
            var model = await changed.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false);
            var newLambda = newRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
            if (model is null || newLambda is null)
            {
                return false;
            }

            var newMember = newLambda.Ancestors().FirstOrDefault(n => n is MemberDeclarationSyntax || n is GlobalStatementSyntax) ?? newRoot!;
            if (model.GetDiagnostics(newMember.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return false;
            }

            var types = CompilationContext.For(model.Compilation).Types;
            return model.GetTypeInfo(newLambda, _cancellationToken).ConvertedType is INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
                && types.IsTaskLike(invoke.ReturnType);
        }

        /// <summary>
        /// <c>Click += (s, e) =&gt; ..</c>, <c>Action a = () =&gt; ..</c>: the target type is fixed by the event or variable, not
        /// chosen by overload resolution, so a delegate that returns no task rules the fix out without compiling a copy of
        /// the document (which costs the light bulb a second on a large file).
        /// </summary>
        private bool AssignedToVoidDelegate(AnonymousFunctionExpressionSyntax lambda, SemanticModel model)
        {
            var target = lambda.Parent is AssignmentExpressionSyntax assignment && assignment.Right == lambda
                || lambda.Parent is EqualsValueClauseSyntax;
            return target
                && model.GetTypeInfo(lambda, _cancellationToken).ConvertedType is INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
                && !CompilationContext.For(model.Compilation).Types.IsTaskLike(invoke.ReturnType);
        }

        /// <summary>
        /// Each changed method becomes <c>async</c> where an await was written into its body; a member of a group with no
        /// await keeps its body and returns a completed task (<c>Task.FromResult</c>, <c>Task.CompletedTask</c>); an
        /// abstract or interface member changes only its signature.
        /// </summary>
        private void AddDeclarationEdits()
        {
            foreach (var info in _changedMethods)
            {
                var newName = info.NewName;
                var declaration = info.Declaration;
                if (info.Shim)
                {
                    _shims.Add((info.Document.Id, declaration, ShimFor(declaration, newName)));
                }

                var awaits = _edits.Any(e => e.ProducesAwait && e.Document == info.Document.Id
                    && declaration.Span.Contains(e.Node.Span) && EnclosingFunction(e.Node) == declaration);
                if (declaration.Body is null && declaration.ExpressionBody is null)
                {
                    _edits.Add(new Edit(info.Document.Id, declaration, current => current is MethodDeclarationSyntax method
                        ? method.WithReturnType(AsyncSignatureRewriter.TaskOf(method.ReturnType)).WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(method.Identifier))
                        : current));
                }
                else if (awaits)
                {
                    _edits.Add(new Edit(info.Document.Id, declaration, current =>
                        current is MethodDeclarationSyntax method ? AsyncSignatureRewriter.MakeAsync(method, newName) : current));
                }
                else
                {
                    var wrap = info.Wrap;
                    _edits.Add(new Edit(info.Document.Id, declaration, current =>
                        current is MethodDeclarationSyntax method ? wrap.Apply(method, newName) : current));
                }
            }
        }

        /// <summary><c>void M(int a) =&gt; MAsync(a).GetAwaiter().GetResult();</c>: the old method, its body a wait on the new one.</summary>
        private static MethodDeclarationSyntax ShimFor(MethodDeclarationSyntax declaration, string newName)
        {
            ExpressionSyntax callee = declaration.TypeParameterList is { Parameters.Count: > 0 } typeParameters
                ? SyntaxFactory.GenericName(SyntaxFactory.Identifier(newName), SyntaxFactory.TypeArgumentList(
                    SyntaxFactory.SeparatedList<TypeSyntax>(typeParameters.Parameters.Select(p => SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia())))))
                : SyntaxFactory.IdentifierName(newName);
            var arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                declaration.ParameterList.Parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia())))));
            return declaration
                .WithBody(null)
                .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(WaitOn(SyntaxFactory.InvocationExpression(callee, arguments))))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
                .WithTrailingTrivia(declaration.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private async Task<Solution> ApplyEditsAsync()
        {
            AddDeclarationEdits();
            var solution = _solution;
            var shimsByDocument = _shims.ToLookup(s => s.Document);
            foreach (var group in _edits.GroupBy(e => e.Document))
            {
                var document = _solution.GetDocument(group.Key);
                if (document is null)
                {
                    continue;
                }

                var editor = await DocumentEditor.CreateAsync(document, _cancellationToken).ConfigureAwait(false);
                var edits = new List<(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Rewrite)>();
                var seen = new HashSet<SyntaxNode>();
                foreach (var edit in group)
                {
                    var node = Relocate(editor.OriginalRoot, edit.Node);
                    if (node != null && seen.Add(node))
                    {
                        edits.Add((node, edit.Rewrite));
                    }
                }

                // Innermost first, so that an outer edit's callback receives the already-rewritten inner nodes.
                edits.Sort((a, b) => a.Node.SpanStart != b.Node.SpanStart
                    ? b.Node.SpanStart.CompareTo(a.Node.SpanStart)
                    : a.Node.Span.Length.CompareTo(b.Node.Span.Length));
                foreach (var (node, rewrite) in edits)
                {
                    editor.ReplaceNode(node, (current, _) => rewrite(current));
                }

                foreach (var shim in shimsByDocument[group.Key])
                {
                    editor.InsertBefore(shim.Declaration, shim.Shim);
                }

                var changed = editor.GetChangedDocument();
                changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: _cancellationToken).ConfigureAwait(false);
                solution = solution.WithDocumentSyntaxRoot(document.Id, (await changed.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false))!);
            }

            return solution;
        }

        private static SyntaxNode? Relocate(SyntaxNode root, SyntaxNode node)
        {
            if (node.SyntaxTree == root.SyntaxTree)
            {
                return node;
            }

            return root.FindNode(node.Span, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .FirstOrDefault(n => n.Span == node.Span && n.RawKind == node.RawKind);
        }

        private sealed class MethodInfo(IMethodSymbol method, Document document, MethodDeclarationSyntax declaration, string newName, List<Reference> references, WrapPlan wrap, bool shim)
        {
            /// <summary>The old name stays as a synchronous shim over the new method, for uses that are not calls.</summary>
            public bool Shim { get; } = shim;
            public IMethodSymbol Method { get; } = method;
            public WrapPlan Wrap { get; } = wrap;
            public Document Document { get; } = document;
            public MethodDeclarationSyntax Declaration { get; } = declaration;
            public string NewName { get; } = newName;
            public List<Reference> References { get; } = references;
        }

        private sealed class Reference(Document document, SimpleNameSyntax name, InvocationExpressionSyntax? call)
        {
            public Document Document { get; } = document;
            public SimpleNameSyntax Name { get; } = name;
            public InvocationExpressionSyntax? Call { get; } = call;
        }

        private sealed class Edit(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite, bool producesAwait = false)
        {
            public bool ProducesAwait { get; } = producesAwait;
            public DocumentId Document { get; } = document;
            public SyntaxNode Node { get; } = node;
            public Func<SyntaxNode, SyntaxNode> Rewrite { get; } = rewrite;
        }
    }
}
