using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW301: an <c>async void</c> method or local function that is not an event handler. Event handlers are recognised
    /// by signature (<c>(object, EventArgs-derived)</c>) or by being subscribed to an event; overrides and interface
    /// implementations are left alone (their signature is not theirs to change), and so is a method that cannot crash the
    /// process: every await lies in a <c>try</c> whose catch of <c>Exception</c> does not rethrow, and nothing runs before
    /// the first awaiting statement (<see cref="ExceptionContainment.CannotCrashAsAsyncVoid(IOperation?, KnownTypes, bool)"/>);
    /// a private method (or local function) that only ever runs as a callback may run code before that statement.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW301AsyncVoidMethodAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Present when changing <c>void</c> to <c>Task</c> keeps the code compiling as far as the analyzer can see.</summary>
        public const string FixProperty = "Fix";
        public const string FixReturnTask = "ReturnTask";

        /// <summary>"Method" or "LocalFunction": the fix checks a method's references in the whole solution.</summary>
        public const string KindProperty = "Kind";
        public const string KindMethod = "Method";
        public const string KindLocalFunction = "LocalFunction";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.AsyncVoidMethod,
            title: "Do not write async void methods other than event handlers",
            messageFormat: "'{0}' is async void: callers cannot await it or see its exceptions, which crash the process; return Task",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An async void method cannot be awaited: its caller goes on before the work ends, and an exception it throws is raised on the synchronization context or the thread pool, where it crashes the process. Only event handlers need this shape. Return Task instead.",
            helpLinkUri: HelpLinks.For(RuleIds.AsyncVoidMethod));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.Task is null)
                {
                    return;
                }

                var compilation = start.Compilation;
                var cancellationToken = start.CancellationToken;
                var subscribedNames = new System.Lazy<HashSet<string>>(
                    () => SubscribedNames(compilation, cancellationToken),
                    System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
                start.RegisterSymbolStartAction(symbolStart => OnTypeStart(symbolStart, types, subscribedNames), SymbolKind.NamedType);
                start.RegisterOperationAction(c => AnalyzeLocalFunction(c, types), OperationKind.LocalFunction);
            });
        }

        private static void OnTypeStart(SymbolStartAnalysisContext context, KnownTypes types, System.Lazy<HashSet<string>> subscribedNames)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var candidates = Candidates(type, types);
            if (candidates is null)
            {
                return;
            }

            // Every method-group use of a candidate inside the type: an event subscription makes it an event handler;
            // a conversion to another void-returning delegate means Task cannot be returned (TW302 reports that use).
            var uses = new ConcurrentDictionary<IMethodSymbol, Use>(SymbolEqualityComparer.Default);

            // Only the members whose code the driver hands to the rule are reported: a generated part of a partial type (a
            // designer file, a source generator's output) is skipped before analysis, and so are its methods.
            var analyzed = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            context.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is IMethodSymbol owner)
                {
                    analyzed.TryAdd(owner.PartialDefinitionPart ?? owner, true);
                }
            });
            context.RegisterOperationAction(
                c =>
                {
                    var reference = (IMethodReferenceOperation)c.Operation;
                    if (reference.Method.OriginalDefinition is IMethodSymbol target && candidates.Contains(target))
                    {
                        var use = UseOf(reference, types);
                        uses.AddOrUpdate(target, use, (_, existing) => existing | use);
                    }
                },
                OperationKind.MethodReference);
            context.RegisterOperationAction(
                c =>
                {
                    var call = (IInvocationOperation)c.Operation;
                    if (call.TargetMethod.OriginalDefinition is IMethodSymbol target && candidates.Contains(target))
                    {
                        var use = CallUse(call.Syntax);
                        uses.AddOrUpdate(target, use, (_, existing) => existing | use);
                    }
                },
                OperationKind.Invocation);

            context.RegisterSymbolEndAction(c =>
            {
                foreach (var method in candidates)
                {
                    if (!analyzed.ContainsKey(method))
                    {
                        continue;
                    }

                    uses.TryGetValue(method, out var use);
                    if (!type.GetTypeMembers().IsEmpty)
                    {
                        use |= NestedTypeUses(type, method.Name, c.CancellationToken);
                    }

                    // Other types, and generated code (designer files, XAML code-behind), are not seen by the operation
                    // action: a name written after += or -= anywhere in the compilation counts as a subscription
                    // (read from syntax, once per compilation).
                    if ((use & Use.EventHandler) != 0 || subscribedNames.Value.Contains(method.Name)
                        || ContextPumps.IsPumpFunction(method, types)
                        || ExceptionContainment.CannotCrashAsAsyncVoid(method, c.Compilation, types, OnlyCalledBack(method, use), c.CancellationToken))
                    {
                        continue;
                    }

                    var fixable = (use & Use.Delegate) == 0 && !method.IsVirtual && method.PartialDefinitionPart is null && method.PartialImplementationPart is null;
                    Report(d => c.ReportUnlessPeerSuppressed(d, method), method, KindMethod, fixable);
                }
            });
        }

        /// <summary>
        /// Nested types are analyzed as symbols of their own, so their uses of the outer type's methods are read from
        /// syntax: <c>x.Event += Outer</c> (or <c>-=</c>) counts as an event subscription, any other use of the name
        /// that is not a call as a method group.
        /// </summary>
        private static Use NestedTypeUses(INamedTypeSymbol type, string name, System.Threading.CancellationToken cancellationToken)
        {
            var use = Use.None;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                {
                    continue;
                }

                foreach (var member in declaration.Members)
                {
                    if (member is not BaseTypeDeclarationSyntax nested)
                    {
                        continue;
                    }

                    foreach (var node in nested.DescendantNodes())
                    {
                        if (node is not SimpleNameSyntax simple || simple.Identifier.ValueText != name)
                        {
                            continue;
                        }

                        SyntaxNode expression = simple.Parent is MemberAccessExpressionSyntax access && access.Name == simple ? access : simple;
                        if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
                        {
                            use |= CallUse(invocation);
                            continue;
                        }

                        use |= expression.Parent is AssignmentExpressionSyntax assignment
                            && assignment.Right == expression
                            && (assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AddAssignmentExpression) || assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SubtractAssignmentExpression))
                                ? Use.EventHandler
                                : Use.Delegate;
                    }
                }
            }

            return use;
        }

        /// <summary>
        /// Every name written as the right side of <c>+=</c> or <c>-=</c>: <c>x.Closed += OnClosed</c>,
        /// <c>+= handler.OnClosed</c>, <c>+= new EventHandler(this.OnClosed)</c> (as designers write it). Found from the text:
        /// each <c>+=</c>/<c>-=</c> is looked up as a token, so only the path to it is realised, not every node of every
        /// file (walking all nodes was most of this rule's time on a large compilation).
        /// </summary>
        private static HashSet<string> SubscribedNames(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                SyntaxNode? root = null;
                for (var at = text.IndexOf('=', 1); at > 0; at = text.IndexOf('=', at + 1))
                {
                    if (text[at - 1] != '+' && text[at - 1] != '-')
                    {
                        continue;
                    }

                    root ??= tree.GetRoot(cancellationToken);
                    var token = root.FindToken(at - 1);
                    if (token.SpanStart == at - 1
                        && (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PlusEqualsToken) || token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.MinusEqualsToken))
                        && token.Parent is AssignmentExpressionSyntax assignment)
                    {
                        AddHandlerName(assignment, names);
                    }
                }
            }

            return names;
        }

        private static void AddHandlerName(AssignmentExpressionSyntax assignment, HashSet<string> names)
        {
            var right = assignment.Right is ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }
                ? arguments[0].Expression
                : assignment.Right;
            switch (right)
            {
                case SimpleNameSyntax name:
                    names.Add(name.Identifier.ValueText);
                    break;
                case MemberAccessExpressionSyntax access:
                    names.Add(access.Name.Identifier.ValueText);
                    break;
            }
        }

        private static HashSet<IMethodSymbol>? Candidates(INamedTypeSymbol type, KnownTypes types)
        {
            HashSet<IMethodSymbol>? candidates = null;
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && IsCandidate(method, types) && !IsSignatureFixed(method))
                {
                    (candidates ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(method);
                }
            }

            return candidates;
        }

        private static void AnalyzeLocalFunction(OperationAnalysisContext context, KnownTypes types)
        {
            var localFunction = (ILocalFunctionOperation)context.Operation;
            var method = localFunction.Symbol;
            if (!IsCandidate(method, types))
            {
                return;
            }

            // A local function is visible only in its enclosing member: every use is in this operation tree.
            var root = localFunction;
            IOperation top = root;
            while (top.Parent != null)
            {
                top = top.Parent;
            }

            var use = Use.None;
            foreach (var operation in top.Descendants())
            {
                if (operation is IMethodReferenceOperation reference && KnownTypes.Is(reference.Method, method))
                {
                    use |= UseOf(reference, types);
                }
                else if (operation is IInvocationOperation call && KnownTypes.Is(call.TargetMethod, method))
                {
                    use |= CallUse(call.Syntax);
                }
            }

            if ((use & Use.EventHandler) == 0 && !ContextPumps.IsPumpFunction(method, types)
                && !ExceptionContainment.CannotCrashAsAsyncVoid(localFunction, types, OnlyCalledBack(method, use)))
            {
                Report(d => context.ReportUnlessPeerSuppressed(d, method), method, KindLocalFunction, fixable: (use & Use.Delegate) == 0);
            }
        }

        private static void Report(System.Action<Diagnostic> report, IMethodSymbol method, string kind, bool fixable)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
            if (fixable)
            {
                properties = properties.Add(FixProperty, FixReturnTask);
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                var identifier = syntax switch
                {
                    MethodDeclarationSyntax declaration => declaration.Identifier,
                    LocalFunctionStatementSyntax local => local.Identifier,
                    _ => default,
                };

                if (identifier.RawKind != 0 && !identifier.IsMissing)
                {
                    report(Diagnostic.Create(Rule, identifier.GetLocation(), properties, method.Name));
                    return;
                }
            }
        }

        /// <summary>An async void method or local function that is not an event handler by its signature.</summary>
        private static bool IsCandidate(IMethodSymbol method, KnownTypes types) =>
            method.IsAsync
            && method.ReturnsVoid
            && (method.MethodKind == MethodKind.Ordinary || method.MethodKind == MethodKind.LocalFunction)
            && !method.IsImplicitlyDeclared
            && !EventHandlers.HasEventHandlerSignature(method, types);

        /// <summary>Overrides and interface implementations: the signature is dictated by a base declaration.</summary>
        private static bool IsSignatureFixed(IMethodSymbol method) =>
            method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty || Signatures.ImplementsInterfaceMember(method);

        private static Use UseOf(IMethodReferenceOperation reference, KnownTypes types)
        {
            if (reference.Parent is not IDelegateCreationOperation creation)
            {
                return Use.Delegate;
            }

            return EventHandlers.IsEventHandlerUse(creation, types) ? Use.EventHandler : Use.Delegate;
        }

        /// <summary>
        /// A call that is the whole body of a lambda (<c>new Timer(_ =&gt; Tick(), ..)</c>) runs the method as that callback;
        /// any other call runs it for a caller that would see a synchronous method's exceptions.
        /// </summary>
        private static Use CallUse(SyntaxNode call)
        {
            var body = call.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Statements.Count: 1 } block } ? block : call;
            return body.Parent is AnonymousFunctionExpressionSyntax function && function.Body == body ? Use.CalledBack : Use.Called;
        }

        /// <summary>
        /// Runs only as a delegate: every use is a callback, and only its own type (or, for a local function, its own
        /// member) can use it. Code before its first await then throws where a synchronous callback's would.
        /// </summary>
        private static bool OnlyCalledBack(IMethodSymbol method, Use use) =>
            (use & (Use.Delegate | Use.CalledBack)) != 0 && (use & Use.Called) == 0
            && (method.MethodKind == MethodKind.LocalFunction || method.DeclaredAccessibility == Accessibility.Private);

        [System.Flags]
        private enum Use
        {
            None = 0,
            EventHandler = 1,
            Delegate = 2,

            /// <summary>Called directly by code that is not just a callback around it.</summary>
            Called = 4,

            /// <summary>Called as the whole body of a lambda: the lambda is the callback (the method can still return a task).</summary>
            CalledBack = 8,
        }
    }
}
