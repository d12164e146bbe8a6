using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>The cost model's view of calls: what a called method weighs (CPU-heavy library calls, I/O, async starts, source methods estimated in turn), classified once per method.</summary>
    internal sealed partial class LoopCostModel
    {
        private enum CallKind
        {
            Other,
            StartsAsync,
            Io,
            Heavy,
            Cheap,
        }

        /// <summary>What the model knows of a called method, whatever the call site: computed once per method.</summary>
        private readonly struct CallFacts
        {
            public CallFacts(CallKind kind, double weight, string name)
            {
                Kind = kind;
                Weight = weight;
                Name = name;
            }

            public CallKind Kind { get; }

            public double Weight { get; }

            public string Name { get; }
        }

        private readonly ConcurrentDictionary<IMethodSymbol, CallFacts> _callFacts = new ConcurrentDictionary<IMethodSymbol, CallFacts>(SymbolEqualityComparer.Default);

        private sealed partial class Walker
        {
            private void Call(IInvocationOperation invocation, IMethodSymbol method, ref Work work)
            {
                var type = method.ContainingType;
                var types = _model._types;
                if (BlockingWaits.TryGetBlockingWait(invocation, types, out _))
                {
                    work.NotCpuBound ??= "blocks on a task";
                    return;
                }

                var facts = _model._callFacts.GetOrAdd(method, m => Classify(m));
                switch (facts.Kind)
                {
                    case CallKind.StartsAsync:
                        work.NotCpuBound ??= "starts asynchronous work ('" + method.Name + "')";
                        return;
                    case CallKind.Io:
                        work.NotCpuBound ??= "does I/O or waits ('" + facts.Name + "')";
                        return;
                    case CallKind.Heavy:
                        if (HashesInterpolatedText(invocation))
                        {
                            // hasher.TransformBlock(Encoding.UTF8.GetBytes($"{f.Key}{f.Value}"), ..): a few dozen bytes of text
                            // made from the element's fields, not a buffer; weighed as an ordinary call (FastEndpoints'
                            // idempotency key over a request's form fields).
                            work.Cost += 2;
                            work.Bookkeeping += 2;
                            return;
                        }

                        if (IsSort(method) && PartPickedBy(invocation) is { } element)
                        {
                            if (_enclosing.Count > 0)
                            {
                                // The groups of a GroupBy sorted one by one sort the collection once, in parts: per element, not a product.
                                work.AddCall(facts.Name, facts.Weight / _unknownCount);
                                return;
                            }

                            if (element is IParameterSymbol { Ordinal: < 64 } parameter)
                            {
                                work.SortOfParameterPart += facts.Weight;
                                work.SortPartParameters |= 1L << parameter.Ordinal;
                            }
                        }

                        work.AddCall(facts.Name, facts.Weight);
                        return;
                    case CallKind.Cheap:
                        work.Cost += 2;
                        work.Compute += 2;
                        return;
                }

                if (_depth > 0 && SourceBody(method) is { } body)
                {
                    var callee = _model.MethodWork(method, body, _unknownCount, _depth - 1, _cancellationToken);
                    if (callee.SortOfParameterPart > 0 && _enclosing.Count > 0 && PassesElementsFor(invocation, callee.SortPartParameters))
                    {
                        // FilterForClient(client, rules) sorting the rules that belong to 'client': one part per element.
                        var partOnly = callee.SortOfParameterPart * (1 - 1 / _unknownCount);
                        callee.Cost -= partOnly;
                        callee.Compute -= partOnly;
                    }

                    if (callee.Unknown.Length > 0 && callee.UnknownOverParameter && UsesPerIterationValue(invocation))
                    {
                        // Foo(item) looping over its argument walks a part of the outer collection: per element, not a product.
                        var perElement = Math.Pow(_unknownCount, callee.Unknown.Length);
                        callee.Cost /= perElement;
                        callee.Compute /= perElement;
                        callee.Bookkeeping /= perElement;
                        callee.Unknown = Array.Empty<string>();
                        callee.KnownIterations = 1;
                    }

                    work.Cost = Math.Min(MaxCost, work.Cost + Math.Max(2, callee.Cost));
                    work.Compute = Math.Min(MaxCost, work.Compute + callee.Compute);
                    work.Bookkeeping = Math.Min(MaxCost, work.Bookkeeping + callee.Bookkeeping);
                    work.NotCpuBound ??= callee.NotCpuBound;
                    if ((callee.Unknown.Length > 0 || callee.KnownIterations > 1) && (!_hasInner || callee.Cost > _heaviestInner.Cost))
                    {
                        _heaviestInner = callee;
                        _hasInner = true;
                    }

                    if (callee.HeavyWeight > work.HeavyWeight)
                    {
                        work.HeavyWeight = callee.HeavyWeight;
                        work.HeavyCall = callee.HeavyCall;
                    }

                    return;
                }

                work.Cost += 2;
                if (!ComputeEvidence.IsValueMethod(method))
                {
                    // list.Add, map.TryGetValue, builder.Append, logger.Log, or a method the model cannot see into.
                    work.Bookkeeping += 2;
                }
            }

            /// <summary>
            /// A hash (<c>ComputeHash</c>, <c>HashData</c>, <c>TransformBlock</c>, ..) whose data is the bytes of a string
            /// the code interpolates or concatenates: <c>Encoding.UTF8.GetBytes($"{a}{b}")</c>, directly or through a local.
            /// </summary>
            private bool HashesInterpolatedText(IInvocationOperation invocation)
            {
                var types = _model._types;
                var method = invocation.TargetMethod;
                if (method.ContainingType is not { } type || !KnownTypes.InheritsFrom(type, types.HashAlgorithm))
                {
                    return false;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } or INamedTypeSymbol { Name: "ReadOnlySpan" or "Span" })
                    {
                        // The first data argument (an HMAC's key comes first only in HashData(key, source): the source follows).
                        if (argument.Parameter.Name == "key")
                        {
                            continue;
                        }

                        return LocalInitializers.Unaliased(argument.Value) is IInvocationOperation { TargetMethod: { Name: "GetBytes" } getBytes } bytes
                            && KnownTypes.InheritsFrom(getBytes.ContainingType, types.Encoding)
                            && bytes.Arguments.Length == 1
                            && LocalInitializers.Unaliased(bytes.Arguments[0].Value) is IInterpolatedStringOperation
                                or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String };
                    }
                }

                return false;
            }

            private bool IsSort(IMethodSymbol method) =>
                KnownTypes.Is(method.ContainingType, _model._types.Enumerable)
                    && method.Name is "OrderBy" or "OrderByDescending" or "Order" or "OrderDescending"
                || method.Name == "Sort"
                    && (KnownTypes.Is(method.ContainingType, _model._array) || KnownTypes.Is(method.ContainingType?.OriginalDefinition, _model._types.ListOfT));

            /// <summary>
            /// What makes a LINQ sort work on the current element's own part of a collection: the element itself or a member
            /// of it (<c>group.OrderBy(..)</c> over a GroupBy's groups), or the element read by a filter that picks the items
            /// (<c>audios.Where(a =&gt; a.Language == lang).OrderByDescending(..)</c>), through Select, Cast and the like; also
            /// <c>Array.Sort(asset.Qualities, comparer)</c> and <c>asset.Qualities.Sort()</c>, which sort a member of the element.
            /// The element is the iteration variable of an enclosing <c>foreach</c>; in a method body walked on its own (a
            /// callee, outside its loops), a parameter of the method, which the call site then says is per element or not.
            /// Null when the sort is of anything else.
            /// </summary>
            private ISymbol? PartPickedBy(IInvocationOperation sort) =>
                sort.Instance is { } list ? PartPickedBy(list, 0) // asset.Qualities.Sort()
                : sort.Arguments.Length == 0 ? null : PartPickedBy(sort.Arguments[0].Value, 0); // Array.Sort(asset.Qualities), source.OrderBy(..)

            private ISymbol? PartPickedBy(IOperation source, int depth)
            {
                source = source.WalkDownConversions();
                if (ElementNamedBy(source) is { } element)
                {
                    return element;
                }

                switch (source)
                {
                    case IMemberReferenceOperation { Instance: { } instance } when depth < 8:
                        return PartPickedBy(instance, depth + 1);
                    case IInvocationOperation call when depth < 8 && call.Arguments.Length > 0
                        && KnownTypes.Is(call.TargetMethod.ContainingType, _model._types.Enumerable):
                        return (call.TargetMethod.Name is "Where" or "SkipWhile" or "TakeWhile" && call.Arguments.Length > 1
                                ? ElementReadBy(call.Arguments[1].Value)
                                : null)
                            ?? PartPickedBy(call.Arguments[0].Value, depth + 1);
                    default:
                        return null;
                }
            }

            private ISymbol? ElementReadBy(IOperation predicate)
            {
                foreach (var operation in predicate.DescendantsAndSelf())
                {
                    if (ElementNamedBy(operation) is { } element)
                    {
                        return element;
                    }
                }

                return null;
            }

            // A reference to the element itself: the iteration variable, or (in a callee) a parameter.
            private ISymbol? ElementNamedBy(IOperation operation) => operation switch
            {
                ILocalReferenceOperation local when IsElement(local.Local) => local.Local,
                IParameterReferenceOperation parameter when IsElement(parameter.Parameter) => parameter.Parameter,
                _ => null,
            };

            // Inside the loops being estimated: an iteration variable of an enclosing foreach. In a callee's body: one of its
            // parameters (not a lambda's or a local function's).
            private bool IsElement(ISymbol symbol)
            {
                if (_enclosing.Count == 0)
                {
                    return symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction and not MethodKind.LocalFunction } };
                }

                foreach (var loop in _enclosing)
                {
                    if (loop is IForEachLoopOperation forEach && symbol is ILocalSymbol local && forEach.Locals.Contains(local))
                    {
                        return true;
                    }
                }

                return false;
            }

            // Whether the argument a call passes for each of the callee's part-picking parameters reads a per-iteration value.
            private bool PassesElementsFor(IInvocationOperation invocation, long ordinals)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { Ordinal: < 64 } parameter && (ordinals & (1L << parameter.Ordinal)) != 0)
                    {
                        if (!UsesPerIterationValue(argument.Value))
                        {
                            return false;
                        }

                        ordinals &= ~(1L << parameter.Ordinal);
                    }
                }

                return ordinals == 0;
            }

            /// <summary>Whether a call's receiver or arguments (or an argument's value) read a local declared inside the loops being estimated.</summary>
            private bool UsesPerIterationValue(IOperation value)
            {
                if (_enclosing.Count == 0)
                {
                    return false;
                }

                var outermost = _enclosing[0].Syntax;
                foreach (var operation in value.DescendantsAndSelf())
                {
                    if (operation is ILocalReferenceOperation local && IsDeclaredWithin(local.Local, outermost))
                    {
                        return true;
                    }
                }

                return false;
            }

            private CallFacts Classify(IMethodSymbol method)
            {
                var type = method.ContainingType;
                var types = _model._types;
                if (!method.ReturnsVoid && types.IsAwaitable(method.ReturnType))
                {
                    return new CallFacts(CallKind.StartsAsync, 0, method.Name);
                }

                // A delegate (an event handler, a callback) can do anything, I/O included: nothing proves the loop computes.
                if (method.MethodKind == MethodKind.DelegateInvoke)
                {
                    return new CallFacts(CallKind.Io, 0, type.Name + ".Invoke");
                }

                var name = DisplayText.Member(type, method);
                var weight = HeavyWeight(method, type);
                if (weight > 0)
                {
                    return new CallFacts(CallKind.Heavy, weight, name);
                }

                if (IsIoType(type) || (method.Name == "Sleep" && IsType(type, types.Thread)) || IsType(type, types.Monitor) && method.Name == "Wait")
                {
                    return new CallFacts(CallKind.Io, 0, name);
                }

                if (HasCpuBoundAttribute(method))
                {
                    return new CallFacts(CallKind.Heavy, 10_000, name);
                }

                if (IsType(type, _model._math) || IsType(type, _model._mathF))
                {
                    return new CallFacts(CallKind.Cheap, 2, name);
                }

                return new CallFacts(CallKind.Other, 0, name);
            }

            private double HeavyWeight(IMethodSymbol method, INamedTypeSymbol type)
            {
                var m = _model;
                var name = method.Name;
                if (KnownTypes.InheritsFrom(type, m.Types.HashAlgorithm) || IsType(type, m._sha1) || IsType(type, m._sha256) || IsType(type, m._sha384)
                    || IsType(type, m._sha512) || IsType(type, m._md5) || IsType(type, m._hmacSha1) || IsType(type, m._hmacSha256) || IsType(type, m._hmacSha512))
                {
                    return name.StartsWith("ComputeHash", StringComparison.Ordinal) || name.StartsWith("HashData", StringComparison.Ordinal)
                        || name.StartsWith("TryComputeHash", StringComparison.Ordinal) || name.StartsWith("TryHashData", StringComparison.Ordinal)
                        || name.StartsWith("Transform", StringComparison.Ordinal) ? 1_000 : 0;
                }

                if (IsType(type, m._rfc2898))
                {
                    return name == "Pbkdf2" || name == "GetBytes" ? 100_000 : 0;
                }

                if (IsType(type, m._deflateStream) || IsType(type, m._gzipStream) || IsType(type, m._brotliStream) || IsType(type, m._zlibStream)
                    || IsType(type, m._brotliEncoder) || IsType(type, m._brotliDecoder))
                {
                    return name.StartsWith("Write", StringComparison.Ordinal) || name.StartsWith("Read", StringComparison.Ordinal)
                        || name.StartsWith("Copy", StringComparison.Ordinal) || name.StartsWith("Compress", StringComparison.Ordinal)
                        || name.StartsWith("Decompress", StringComparison.Ordinal) || name.StartsWith("TryCompress", StringComparison.Ordinal)
                        || name.StartsWith("TryDecompress", StringComparison.Ordinal) ? 1_000 : 0;
                }

                if (IsType(type, m._regex))
                {
                    return name is "IsMatch" or "Match" or "Matches" or "Replace" or "Split" or "Count" or "EnumerateMatches" ? 200 : 0;
                }

                if ((IsType(type, m._array) || IsType(type.OriginalDefinition, m._types.ListOfT)) && name == "Sort")
                {
                    return 1_000;
                }

                if (IsType(type, m._types.Enumerable) && name is "OrderBy" or "OrderByDescending" or "Order" or "OrderDescending")
                {
                    return 1_000;
                }

                return 0;
            }

            private bool IsIoType(INamedTypeSymbol? type)
            {
                var m = _model;
                var t = m._types;
                if (type is null)
                {
                    return false;
                }

                if (KnownTypes.InheritsFrom(type, t.Stream))
                {
                    return !KnownTypes.InheritsFrom(type, t.MemoryStream) && !KnownTypes.InheritsFrom(type, t.UnmanagedMemoryStream);
                }

                if (KnownTypes.InheritsFrom(type, t.TextReader))
                {
                    return !KnownTypes.InheritsFrom(type, t.StringReader);
                }

                if (KnownTypes.InheritsFrom(type, t.TextWriter))
                {
                    return !KnownTypes.InheritsFrom(type, t.StringWriter);
                }

                return IsType(type, t.File) || t.IsConsole(type) || KnownTypes.InheritsFrom(type, m._fileSystemInfo) || IsType(type, m._directory)
                    || IsType(type, m._directoryInfo) || IsType(type, m._socket) || KnownTypes.InheritsFrom(type, m._httpClient) || IsType(type, t.Process)
                    || KnownTypes.InheritsFrom(type, m._binaryReader) || KnownTypes.InheritsFrom(type, m._binaryWriter)
                    || KnownTypes.InheritsFrom(type, t.DbConnection) || KnownTypes.InheritsFrom(type, m._dbCommand) || KnownTypes.InheritsFrom(type, t.DbDataReader)
                    || KnownTypes.InheritsFrom(type, t.DbTransaction) || KnownTypes.InheritsFrom(type, t.WaitHandle) || IsType(type, t.SemaphoreSlim)
                    || KnownTypes.InheritsFrom(type, m._webClient);
            }

            private static bool HasCpuBoundAttribute(IMethodSymbol method)
            {
                foreach (var attribute in method.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name == "CpuBoundAttribute")
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? known) => KnownTypes.Is(type?.OriginalDefinition, known);

            private SyntaxNode? SourceBody(IMethodSymbol method)
            {
                if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction)
                {
                    return null;
                }

                var references = method.OriginalDefinition.DeclaringSyntaxReferences;
                if (references.Length != 1)
                {
                    return null;
                }

                // A method of a referenced project is in source, but not in this compilation: like a library call, no body.
                if (!_model._compilation.ContainsSyntaxTree(references[0].SyntaxTree))
                {
                    return null;
                }

                var syntax = references[0].GetSyntax();
                return syntax switch
                {
                    MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
                    LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody?.Expression,
                    _ => null,
                };
            }
        }
    }
}
