using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>What the cost model found for one loop.</summary>
    internal readonly struct LoopEstimate
    {
        public LoopEstimate(double cost, double knownIterations, string[] unknownCounts, bool isCpuBound, string? notCpuBoundReason, string? heavyCall, double? evidenceCost = null)
        {
            Cost = cost;
            EvidenceCost = evidenceCost ?? cost;
            KnownIterations = knownIterations;
            UnknownCounts = unknownCounts;
            IsCpuBound = isCpuBound;
            NotCpuBoundReason = notCpuBoundReason;
            HeavyCall = heavyCall;
        }

        /// <summary>Estimated operations for one run of the loop: iterations (nested loops multiplied) × work per iteration.</summary>
        public double Cost { get; }

        /// <summary>The iterations whose count is known (constant bounds), multiplied through the heaviest nesting path.</summary>
        public double KnownIterations { get; }

        /// <summary>
        /// The part of <see cref="Cost"/> backed by positive evidence: all of it when the work is compute-dense
        /// (<see cref="ComputeEvidence"/>), otherwise only what constant bounds give (loops of unknown count counted once).
        /// </summary>
        public double EvidenceCost { get; }

        /// <summary>What the loops of unknown count iterate over, outermost first, along the heaviest nesting path, as <see cref="LoopSubject.Describe"/> words it.</summary>
        public string[] UnknownCounts { get; }

        /// <summary>False when the loop awaits, does I/O, blocks or yields: its time is not spent computing.</summary>
        public bool IsCpuBound { get; }

        public string? NotCpuBoundReason { get; }

        /// <summary>The known CPU-heavy call (hashing, compression, Regex, sorting...) in the loop, if any.</summary>
        public string? HeavyCall { get; }

        /// <summary>CPU-bound, estimated past the threshold, and on positive evidence: a large known count or a compute-dense body.</summary>
        public bool IsHeavy(double threshold) => IsCpuBound && Cost >= threshold && EvidenceCost >= threshold;

        /// <summary>Why the loop counts as heavy, in words a message can show.</summary>
        public string Reason
        {
            get
            {
                if (UnknownCounts.Length >= 2)
                {
                    var builder = new StringBuilder("nested loops over ");
                    for (var i = 0; i < UnknownCounts.Length; i++)
                    {
                        if (i > 0)
                        {
                            builder.Append(i == UnknownCounts.Length - 1 ? " and " : ", ");
                        }

                        builder.Append(UnknownCounts[i]);
                    }

                    return builder.ToString();
                }

                var iterations = "≈ " + Format(KnownIterations) + (KnownIterations == 1 ? " iteration" : " iterations");
                var each = UnknownCounts.Length == 1 ? LoopSubject.Each(UnknownCounts[0]) : null;
                var text = each != null ? iterations + " per " + each : iterations;
                if (HeavyCall != null)
                {
                    text = each != null && KnownIterations == 1
                        ? "'" + HeavyCall + "' for each " + each
                        : "'" + HeavyCall + "' in " + text;
                }

                return text;
            }
        }

        public static string Format(double value) =>
            value >= 1e15 ? "more than 10^15" : Math.Round(value).ToString("N0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The cost model behind TW201 and TW205: how many operations a loop performs, and whether its time goes to the CPU.
    /// <list type="bullet">
    /// <item>Trip counts: constant bounds count exactly (<c>for (int i = 0; i &lt; 1000; i++)</c>, arrays created with a
    /// constant size or initializer, constant strings, <c>Enumerable.Range</c> with a constant count). Anything else
    /// (<c>array.Length</c>, <c>list.Count</c>, a parameter, a <c>while</c> condition) is an unknown count, assumed to be
    /// <see cref="DefaultUnknownCount"/>.</item>
    /// <item>Nesting multiplies, except for an inner loop over something that the outer iteration produced
    /// (<c>foreach (var c in item.Children)</c>, <c>rows[i].Length</c>: a walk over parts, not a product) and an inner
    /// loop that advances the outer loop's own cursor (<c>while (pos &lt; s.Length &amp;&amp; s[pos] == ' ') pos++;</c>).</item>
    /// <item>Work per iteration: one per arithmetic operation, comparison, assignment or element access; two per call;
    /// a call to a method in source costs that method's own estimate (three calls deep, cached); known CPU-heavy library
    /// calls weigh more (hashing and compression 1,000, sorting 1,000, Regex 200, key derivation 100,000, methods marked
    /// <c>[CpuBound]</c> 10,000).</item>
    /// <item>A loop that awaits, does I/O (files, streams, console, sockets, databases, HTTP), blocks, starts
    /// asynchronous work, invokes a delegate or yields is not CPU-bound, whatever its count.</item>
    /// <item>Heavy needs positive evidence: the constant bounds alone reach the threshold (unknown counts taken as 1), or
    /// the work is compute-dense (<see cref="ComputeEvidence"/>). Nested bookkeeping over unknown sizes is not heavy.</item>
    /// </list>
    /// One instance per compilation; it caches the estimates of source methods.
    /// </summary>
    internal sealed class LoopCostModel
    {
        public const double DefaultThreshold = 1_000_000;
        public const double DefaultUnknownCount = 1_000;
        public const string ThresholdOption = "cpu_loop_threshold";
        public const string UnknownCountOption = "cpu_loop_unknown_count";

        private const double MaxCost = 1e18;
        private const int CallDepth = 3;

        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<double, ConcurrentDictionary<IMethodSymbol, Work>>[] _methodCache;

        // Known CPU-heavy and I/O types only the cost model asks about, resolved once per compilation (the others: KnownTypes).
        private readonly INamedTypeSymbol? _hashAlgorithm, _sha1, _sha256, _sha384, _sha512, _md5, _hmacSha256, _hmacSha1, _hmacSha512, _rfc2898, _cryptographicOperations;
        private readonly INamedTypeSymbol? _deflateStream, _gzipStream, _brotliStream, _zlibStream, _brotliEncoder, _brotliDecoder;
        private readonly INamedTypeSymbol? _regex, _array, _math, _mathF;
        private readonly INamedTypeSymbol? _directory, _directoryInfo, _fileSystemInfo, _socket, _httpClient, _binaryReader, _binaryWriter, _dbCommand, _webClient;

        public LoopCostModel(Compilation compilation, KnownTypes types)
        {
            _compilation = compilation;
            _types = types;
            _methodCache = new ConcurrentDictionary<double, ConcurrentDictionary<IMethodSymbol, Work>>[CallDepth + 1];
            for (var i = 0; i < _methodCache.Length; i++)
            {
                _methodCache[i] = new ConcurrentDictionary<double, ConcurrentDictionary<IMethodSymbol, Work>>();
            }

            _hashAlgorithm = T("System.Security.Cryptography.HashAlgorithm");
            _sha1 = T("System.Security.Cryptography.SHA1");
            _sha256 = T("System.Security.Cryptography.SHA256");
            _sha384 = T("System.Security.Cryptography.SHA384");
            _sha512 = T("System.Security.Cryptography.SHA512");
            _md5 = T("System.Security.Cryptography.MD5");
            _hmacSha1 = T("System.Security.Cryptography.HMACSHA1");
            _hmacSha256 = T("System.Security.Cryptography.HMACSHA256");
            _hmacSha512 = T("System.Security.Cryptography.HMACSHA512");
            _rfc2898 = T("System.Security.Cryptography.Rfc2898DeriveBytes");
            _cryptographicOperations = T("System.Security.Cryptography.CryptographicOperations");
            _deflateStream = T("System.IO.Compression.DeflateStream");
            _gzipStream = T("System.IO.Compression.GZipStream");
            _brotliStream = T("System.IO.Compression.BrotliStream");
            _zlibStream = T("System.IO.Compression.ZLibStream");
            _brotliEncoder = T("System.IO.Compression.BrotliEncoder");
            _brotliDecoder = T("System.IO.Compression.BrotliDecoder");
            _regex = T("System.Text.RegularExpressions.Regex");
            _array = T("System.Array");
            _math = T("System.Math");
            _mathF = T("System.MathF");
            _directory = T("System.IO.Directory");
            _directoryInfo = T("System.IO.DirectoryInfo");
            _fileSystemInfo = T("System.IO.FileSystemInfo");
            _socket = T("System.Net.Sockets.Socket");
            _httpClient = T("System.Net.Http.HttpMessageInvoker");
            _binaryReader = T("System.IO.BinaryReader");
            _binaryWriter = T("System.IO.BinaryWriter");
            _dbCommand = T("System.Data.Common.DbCommand");
            _webClient = T("System.Net.WebClient");

            INamedTypeSymbol? T(string name) => compilation.GetBestTypeByMetadataName(name);
        }

        public KnownTypes Types => _types;

        /// <summary>Estimates one run of <paramref name="loop"/>, with unknown trip counts assumed to be <paramref name="unknownCount"/>.</summary>
        public LoopEstimate Estimate(ILoopOperation loop, double unknownCount, CancellationToken cancellationToken = default)
        {
            var walker = new Walker(this, unknownCount, CallDepth, cancellationToken);
            var result = walker.Loop(loop);
            var evidence = result.Cost;
            if (result.NotCpuBound is null && !ComputeEvidence.IsDense(result.Compute, result.Bookkeeping) && unknownCount > 1)
            {
                // Bookkeeping over collections of unknown size: only what constant bounds give counts as evidence.
                evidence = new Walker(this, 1, CallDepth, cancellationToken).Loop(loop).Cost;
            }

            return result.ToEstimate(evidence);
        }

        /// <summary>What the model knows of a piece of code: its cost, its heaviest loop nest and whether it is pure CPU work.</summary>
        private struct Work
        {
            public double Cost;
            public double KnownIterations;
            public string[] Unknown;
            public string? NotCpuBound;
            public string? HeavyCall;
            public double HeavyWeight;

            /// <summary>The weights of computing and of bookkeeping in <see cref="Cost"/> (see <see cref="ComputeEvidence"/>).</summary>
            public double Compute;
            public double Bookkeeping;

            /// <summary>Some loop of unknown count in a method body iterates over (or until) one of its parameters.</summary>
            public bool UnknownOverParameter;

            public static Work Empty => new Work { KnownIterations = 1, Unknown = Array.Empty<string>() };

            public LoopEstimate ToEstimate(double evidenceCost) => new LoopEstimate(Cost, KnownIterations, Unknown ?? Array.Empty<string>(), NotCpuBound is null, NotCpuBound, HeavyCall, evidenceCost);

            public void AddCall(string name, double weight)
            {
                Cost += weight;
                Compute += weight;
                if (weight > HeavyWeight)
                {
                    HeavyWeight = weight;
                    HeavyCall = name;
                }
            }
        }

        private sealed class Walker
        {
            private readonly LoopCostModel _model;
            private readonly double _unknownCount;
            private readonly int _depth;
            private readonly CancellationToken _cancellationToken;

            // The loops enclosing the one being estimated, innermost last.
            private readonly List<ILoopOperation> _enclosing = new List<ILoopOperation>();

            // The heaviest nested loop seen in the body being walked.
            private Work _heaviestInner;
            private bool _hasInner;
            private bool _unknownOverParameter;

            public Walker(LoopCostModel model, double unknownCount, int depth, CancellationToken cancellationToken)
            {
                _model = model;
                _unknownCount = unknownCount;
                _depth = depth;
                _cancellationToken = cancellationToken;
            }

            public Work Loop(ILoopOperation loop)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var (count, unknownName) = TripCount(loop);
                if (unknownName != null && !_unknownOverParameter)
                {
                    _unknownOverParameter = ReadsParameter(loop);
                }

                var savedInner = _heaviestInner;
                var savedHasInner = _hasInner;
                _heaviestInner = Work.Empty;
                _hasInner = false;

                var body = Work.Empty;
                if (loop is IForEachLoopOperation { IsAsynchronous: true })
                {
                    body.NotCpuBound = "await foreach";
                }

                _enclosing.Add(loop);

                // The header (i < n, i++, i < a.GetLength(0)) is the loop's overhead: evidence of neither computing nor bookkeeping.
                var computeBeforeHeader = body.Compute;
                var bookkeepingBeforeHeader = body.Bookkeeping;
                switch (loop)
                {
                    case IForLoopOperation forLoop:
                        Walk(forLoop.Condition, ref body);

                        foreach (var step in forLoop.AtLoopBottom)
                        {
                            Walk(step, ref body);
                        }

                        break;
                    case IWhileLoopOperation whileLoop:
                        Walk(whileLoop.Condition, ref body);
                        break;
                }

                body.Compute = computeBeforeHeader;
                body.Bookkeeping = bookkeepingBeforeHeader;

                Walk(loop.Body, ref body);
                _enclosing.RemoveAt(_enclosing.Count - 1);

                var result = Work.Empty;
                var perIteration = Math.Max(body.Cost, 1);
                result.Cost = Math.Min(MaxCost, count * perIteration);
                result.Compute = Math.Min(MaxCost, count * body.Compute);
                result.Bookkeeping = Math.Min(MaxCost, count * body.Bookkeeping);
                result.NotCpuBound = body.NotCpuBound;
                result.HeavyCall = body.HeavyCall;
                result.HeavyWeight = body.HeavyWeight;
                var inner = _hasInner ? _heaviestInner : Work.Empty;
                if (unknownName is null)
                {
                    result.KnownIterations = Math.Min(MaxCost, count * inner.KnownIterations);
                    result.Unknown = inner.Unknown;
                }
                else
                {
                    result.KnownIterations = inner.KnownIterations;
                    result.Unknown = Prepend(unknownName, inner.Unknown);
                }

                if (result.HeavyCall is null && inner.HeavyCall != null)
                {
                    result.HeavyCall = inner.HeavyCall;
                }

                _heaviestInner = savedInner;
                _hasInner = savedHasInner;
                return result;
            }

            private static bool ReadsParameter(ILoopOperation loop)
            {
                IOperation? bound = loop switch
                {
                    IForLoopOperation f => f.Condition,
                    IForEachLoopOperation e => e.Collection,
                    IWhileLoopOperation w => w.Condition,
                    _ => null,
                };
                if (bound is null)
                {
                    return false;
                }

                foreach (var operation in bound.DescendantsAndSelf())
                {
                    if (operation is IParameterReferenceOperation)
                    {
                        return true;
                    }
                }

                return false;
            }

            private static string[] Prepend(string first, string[] rest)
            {
                var array = new string[rest.Length + 1];
                array[0] = first;
                Array.Copy(rest, 0, array, 1, rest.Length);
                return array;
            }

            /// <summary>The loop's trip count and, when it is not known, what it iterates over (null when known).</summary>
            private (double Count, string? UnknownName) TripCount(ILoopOperation loop)
            {
                switch (loop)
                {
                    case IForLoopOperation forLoop:
                        if (ConstantForCount(forLoop) is { } constant)
                        {
                            return (constant, null);
                        }

                        if (!Multiplies(loop, forLoop.Condition))
                        {
                            return (1, null);
                        }

                        return (_unknownCount, LoopSubject.Describe(loop));

                    case IForEachLoopOperation forEach:
                        var collection = forEach.Collection.WalkDownConversions();
                        if (KnownLength(collection) is { } length)
                        {
                            return (length, null);
                        }

                        if (!Multiplies(loop, collection))
                        {
                            return (1, null);
                        }

                        return (_unknownCount, LoopSubject.Describe(loop));

                    case IWhileLoopOperation whileLoop:
                        if (!Multiplies(loop, whileLoop.Condition))
                        {
                            return (1, null);
                        }

                        return (_unknownCount, LoopSubject.Describe(loop));

                    default:
                        return (_unknownCount, "a loop");
                }
            }

            /// <summary>
            /// Whether an inner loop multiplies the count of the loops around it: not when its bound comes from the outer
            /// iteration (a walk over parts), nor when it advances the outer loop's own cursor.
            /// </summary>
            private bool Multiplies(ILoopOperation loop, IOperation? bound)
            {
                if (_enclosing.Count == 0 || bound is null)
                {
                    return true;
                }

                var outermost = _enclosing[0].Syntax;
                foreach (var reference in bound.DescendantsAndSelf())
                {
                    if (reference is ILocalReferenceOperation local && !IsDeclaredWithin(local.Local, loop.Syntax) && IsDeclaredWithin(local.Local, outermost))
                    {
                        return false;
                    }
                }

                // A shared cursor: a variable this loop writes that an enclosing loop's condition reads.
                if (loop is IWhileLoopOperation || (loop is IForLoopOperation f && f.Locals.IsEmpty))
                {
                    foreach (var outer in _enclosing)
                    {
                        var outerCondition = outer switch
                        {
                            IWhileLoopOperation w => w.Condition,
                            IForLoopOperation o => o.Condition,
                            _ => null,
                        };
                        if (outerCondition != null && SharesWrittenVariable(loop, outerCondition))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }

            private static bool SharesWrittenVariable(ILoopOperation loop, IOperation outerCondition)
            {
                foreach (var operation in loop.Descendants())
                {
                    var target = operation switch
                    {
                        ISimpleAssignmentOperation a => a.Target,
                        ICompoundAssignmentOperation c => c.Target,
                        IIncrementOrDecrementOperation i => i.Target,
                        _ => null,
                    };
                    var written = target.ReferencedLocalOrParameter() ?? (target as IFieldReferenceOperation)?.Field;
                    if (written is null)
                    {
                        continue;
                    }

                    foreach (var read in outerCondition.DescendantsAndSelf())
                    {
                        var symbol = read.ReferencedLocalOrParameter() ?? (read as IFieldReferenceOperation)?.Field;
                        if (SymbolEqualityComparer.Default.Equals(symbol, written))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private static bool IsDeclaredWithin(ISymbol symbol, SyntaxNode node)
            {
                var references = symbol.DeclaringSyntaxReferences;
                return references.Length > 0 && references[0].SyntaxTree == node.SyntaxTree && node.Span.Contains(references[0].Span);
            }

            /// <summary><c>for (int i = a; i &lt; b; i += s)</c> with constant a, b and s.</summary>
            private double? ConstantForCount(IForLoopOperation loop) => ConstantForCount(loop, loop.Condition);

            private double? ConstantForCount(IForLoopOperation loop, IOperation? conditionOperation)
            {
                if (loop.Locals.Length != 1 || conditionOperation is not IBinaryOperation condition || loop.AtLoopBottom.Length != 1)
                {
                    return null;
                }

                // i < n && i < 10: the loop ends at the first bound reached.
                if (condition.OperatorKind == BinaryOperatorKind.ConditionalAnd)
                {
                    var left = ConstantForCount(loop, condition.LeftOperand);
                    var right = ConstantForCount(loop, condition.RightOperand);
                    return left is null ? right : right is null ? left : Math.Min(left.Value, right.Value);
                }

                var variable = loop.Locals[0];
                double? start = null;
                foreach (var before in loop.Before)
                {
                    if (before is IVariableDeclarationGroupOperation group)
                    {
                        foreach (var declaration in group.Declarations)
                        {
                            foreach (var declarator in declaration.Declarators)
                            {
                                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable))
                                {
                                    start = Number(declarator.Initializer?.Value ?? declaration.Initializer?.Value);
                                }
                            }
                        }
                    }
                }

                var leftOperand = condition.LeftOperand.WalkDownConversions();
                var rightOperand = condition.RightOperand.WalkDownConversions();
                var kind = condition.OperatorKind;
                IOperation bound;
                if (leftOperand is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, variable))
                {
                    bound = rightOperand;
                }
                else if (rightOperand is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, variable))
                {
                    bound = leftOperand;
                    kind = kind switch
                    {
                        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                        _ => kind,
                    };
                }
                else
                {
                    return null;
                }

                var end = Number(bound) ?? KnownLengthOfProperty(bound) ?? MinWithConstant(bound);
                var step = Step(loop.AtLoopBottom[0], variable);
                if (start is null || end is null || step is null || step == 0)
                {
                    return null;
                }

                double span;
                switch (kind)
                {
                    case BinaryOperatorKind.LessThan when step > 0:
                    case BinaryOperatorKind.NotEquals when step > 0:
                        span = end.Value - start.Value;
                        break;
                    case BinaryOperatorKind.LessThanOrEqual when step > 0:
                        span = end.Value - start.Value + 1;
                        break;
                    case BinaryOperatorKind.GreaterThan when step < 0:
                    case BinaryOperatorKind.NotEquals when step < 0:
                        span = start.Value - end.Value;
                        break;
                    case BinaryOperatorKind.GreaterThanOrEqual when step < 0:
                        span = start.Value - end.Value + 1;
                        break;
                    default:
                        return null;
                }

                return Math.Max(0, Math.Ceiling(span / Math.Abs(step.Value)));
            }

            /// <summary><c>Math.Min(count, 16)</c>: at most the constant.</summary>
            private double? MinWithConstant(IOperation bound)
            {
                if (bound is IInvocationOperation { TargetMethod.Name: "Min", Arguments.Length: 2 } min && IsType(min.TargetMethod.ContainingType, _model._math))
                {
                    var a = Number(min.Arguments[0].Value);
                    var b = Number(min.Arguments[1].Value);
                    return a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
                }

                return null;
            }

            private static double? Step(IOperation bottom, ILocalSymbol variable)
            {
                var operation = bottom is IExpressionStatementOperation statement ? statement.Operation : bottom;
                switch (operation)
                {
                    case IIncrementOrDecrementOperation increment when IsVariable(increment.Target, variable):
                        return increment.Kind == OperationKind.Increment ? 1 : -1;
                    case ICompoundAssignmentOperation compound when IsVariable(compound.Target, variable) && Number(compound.Value) is { } value:
                        return compound.OperatorKind switch
                        {
                            BinaryOperatorKind.Add => value,
                            BinaryOperatorKind.Subtract => -value,
                            _ => (double?)null,
                        };
                    default:
                        return null;
                }
            }

            private static bool IsVariable(IOperation target, ILocalSymbol variable) =>
                target is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, variable);

            private static double? Number(IOperation? operation)
            {
                if (operation is null || !operation.ConstantValue.HasValue)
                {
                    return null;
                }

                switch (operation.ConstantValue.Value)
                {
                    case int i: return i;
                    case long l: return l;
                    case short s: return s;
                    case byte b: return b;
                    case sbyte sb: return sb;
                    case ushort us: return us;
                    case uint ui: return ui;
                    case ulong ul: return ul;
                    case char c: return c;
                    default: return null;
                }
            }

            /// <summary><c>values.Length</c> where <c>values</c> is known to hold a constant number of elements.</summary>
            private double? KnownLengthOfProperty(IOperation bound) =>
                bound is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } instance } ? KnownLength(instance.WalkDownConversions()) : null;

            /// <summary>Collections of a size known at compile time: constant strings, array creations, locals and readonly fields initialized with one.</summary>
            private double? KnownLength(IOperation collection)
            {
                if (collection.ConstantValue.HasValue && collection.ConstantValue.Value is string text)
                {
                    return text.Length;
                }

                switch (collection)
                {
                    case IArrayCreationOperation creation:
                        if (creation.Initializer != null)
                        {
                            return creation.Initializer.ElementValues.Length;
                        }

                        double total = 1;
                        foreach (var size in creation.DimensionSizes)
                        {
                            if (Number(size) is not { } dimension)
                            {
                                return null;
                            }

                            total *= dimension;
                        }

                        return total;

                    case IInvocationOperation { TargetMethod.Name: "Range", Arguments.Length: 2 } range when IsType(range.TargetMethod.ContainingType, _model._types.Enumerable):
                        return Number(range.Arguments[1].Value);

                    case ILocalReferenceOperation local:
                        return InitializerLength(local.Local);

                    case IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst:
                        return InitializerLength(field.Field);

                    default:
                        return null;
                }
            }

            /// <summary>From the declaration's syntax only: <c>= new[] { a, b }</c>, <c>= { a, b }</c>, <c>= [a, b]</c>, <c>= new int[16]</c>, <c>= "abc"</c>.</summary>
            private static double? InitializerLength(ISymbol symbol)
            {
                var references = symbol.DeclaringSyntaxReferences;
                if (references.Length != 1 || references[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
                {
                    return null;
                }

                if (symbol is ILocalSymbol { IsConst: false } && !IsNeverReassigned(symbol, value))
                {
                    return null;
                }

                switch (value)
                {
                    case ImplicitArrayCreationExpressionSyntax implicitArray:
                        return implicitArray.Initializer.Expressions.Count;
                    case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                        return initializer.Expressions.Count;
                    case ArrayCreationExpressionSyntax { Type.RankSpecifiers: { Count: 1 } ranks } when ranks[0].Sizes.Count == 1
                        && ranks[0].Sizes[0] is LiteralExpressionSyntax { Token.Value: int size }:
                        return size;
                    case InitializerExpressionSyntax initializer:
                        return initializer.Expressions.Count;
                    case CollectionExpressionSyntax collection:
                        foreach (var element in collection.Elements)
                        {
                            if (element is not ExpressionElementSyntax)
                            {
                                return null;
                            }
                        }

                        return collection.Elements.Count;
                    case LiteralExpressionSyntax { Token.Value: string text }:
                        return text.Length;
                    default:
                        return null;
                }
            }

            // A local whose declaration is its only assignment: checked on syntax, by name, in the enclosing block.
            private static bool IsNeverReassigned(ISymbol local, SyntaxNode initializer)
            {
                var scope = initializer.FirstAncestorOrSelf<BlockSyntax>();
                if (scope is null)
                {
                    return false;
                }

                foreach (var node in scope.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } && name.Identifier.ValueText == local.Name)
                    {
                        return false;
                    }
                }

                return true;
            }

            private void Walk(IOperation? operation, ref Work work)
            {
                if (operation is null)
                {
                    return;
                }

                switch (operation)
                {
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        // Its body runs wherever the delegate is invoked; creating it is cheap.
                        work.Cost += 1;
                        return;

                    case IAwaitOperation:
                        work.NotCpuBound ??= "awaits";
                        break;

                    case ILoopOperation nested:
                        var inner = Loop(nested);
                        work.Cost = Math.Min(MaxCost, work.Cost + inner.Cost);
                        work.Compute = Math.Min(MaxCost, work.Compute + inner.Compute);
                        work.Bookkeeping = Math.Min(MaxCost, work.Bookkeeping + inner.Bookkeeping);
                        work.NotCpuBound ??= inner.NotCpuBound;
                        if (inner.HeavyWeight > work.HeavyWeight)
                        {
                            work.HeavyWeight = inner.HeavyWeight;
                            work.HeavyCall = inner.HeavyCall;
                        }

                        if (!_hasInner || inner.Cost > _heaviestInner.Cost)
                        {
                            _heaviestInner = inner;
                            _hasInner = true;
                        }

                        return;

                    case IReturnOperation { Kind: OperationKind.YieldReturn }:
                        work.NotCpuBound ??= "yields";
                        break;

                    case IInvocationOperation invocation:
                        Call(invocation, invocation.TargetMethod, ref work);
                        break;

                    case IObjectCreationOperation creation:
                        work.Cost += 3;
                        if (creation.Constructor is { } constructor)
                        {
                            if (IsType(constructor.ContainingType, _model._regex))
                            {
                                work.AddCall("new Regex", 1_000);
                            }
                            else if (IsIoType(constructor.ContainingType))
                            {
                                work.NotCpuBound ??= "does I/O (" + constructor.ContainingType.Name + ")";
                            }
                        }

                        break;

                    case IPropertyReferenceOperation property:
                        if (Blocking.TryGetBlockingWait(property, _model._types, out _))
                        {
                            work.NotCpuBound ??= "blocks on a task";
                        }

                        work.Cost += 1;
                        break;

                    case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                        // s += x copies the whole string each time.
                        work.Cost += 10;
                        break;

                    case IBinaryOperation:
                    case IUnaryOperation:
                    case ICompoundAssignmentOperation:
                    case IIncrementOrDecrementOperation:
                    case IArrayElementReferenceOperation:
                    case ISimpleAssignmentOperation:
                    case IConditionalOperation:
                    case IInterpolatedStringOperation:
                        work.Cost += 1;
                        break;

                    case IArrayCreationOperation:
                        work.Cost += 5;
                        break;
                }

                work.Compute += ComputeEvidence.Compute(operation);
                work.Bookkeeping += ComputeEvidence.Bookkeeping(operation);

                foreach (var child in operation.ChildOperations)
                {
                    Walk(child, ref work);
                }
            }

            private void Call(IInvocationOperation invocation, IMethodSymbol method, ref Work work)
            {
                var type = method.ContainingType;
                var types = _model._types;
                if (Blocking.TryGetBlockingWait(invocation, types, out _))
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

            /// <summary>Whether a call's receiver or arguments read a local declared inside the loops being estimated.</summary>
            private bool UsesPerIterationValue(IInvocationOperation invocation)
            {
                if (_enclosing.Count == 0)
                {
                    return false;
                }

                var outermost = _enclosing[0].Syntax;
                foreach (var operation in invocation.Descendants())
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
                if (KnownTypes.InheritsFrom(type, m._hashAlgorithm) || IsType(type, m._sha1) || IsType(type, m._sha256) || IsType(type, m._sha384)
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

                return IsType(type, t.File) || IsType(type, t.Console) || KnownTypes.InheritsFrom(type, m._fileSystemInfo) || IsType(type, m._directory)
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

                var syntax = references[0].GetSyntax();
                return syntax switch
                {
                    MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
                    LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody?.Expression,
                    _ => null,
                };
            }

            /// <summary>A method body: its cost, with the heaviest loop nest in it as its iteration path.</summary>
            public void WalkBody(IOperation body, ref Work work)
            {
                _hasInner = false;
                Walk(body, ref work);
                work.UnknownOverParameter = _unknownOverParameter;
                if (_hasInner)
                {
                    work.KnownIterations = _heaviestInner.KnownIterations;
                    work.Unknown = _heaviestInner.Unknown;
                }
            }
        }

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

        private Work MethodWork(IMethodSymbol method, SyntaxNode body, double unknownCount, int depth, CancellationToken cancellationToken)
        {
            var cache = _methodCache[depth].GetOrAdd(unknownCount, _ => new ConcurrentDictionary<IMethodSymbol, Work>(SymbolEqualityComparer.Default));
            if (cache.TryGetValue(method.OriginalDefinition, out var cached))
            {
                return cached;
            }

#pragma warning disable RS1030 // The callee may live in another tree; its estimate is computed once per compilation and cached.
            var model = _compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
            var work = Work.Empty;
            var operation = model.GetOperation(body, cancellationToken);
            if (operation != null)
            {
                var walker = new Walker(this, unknownCount, depth, cancellationToken);
                walker.WalkBody(operation, ref work);
            }

            cache.TryAdd(method.OriginalDefinition, work);
            return work;
        }
    }
}
