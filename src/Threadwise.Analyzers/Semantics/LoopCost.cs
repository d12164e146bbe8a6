using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
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
    internal sealed partial class LoopCostModel
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
        private readonly ConcurrentDictionary<IFieldSymbol, double?> _readonlyConstants = new ConcurrentDictionary<IFieldSymbol, double?>(SymbolEqualityComparer.Default);

        // Known CPU-heavy and I/O types only the cost model asks about, resolved once per compilation (the others: KnownTypes).
        private readonly INamedTypeSymbol? _sha1, _sha256, _sha384, _sha512, _md5, _hmacSha256, _hmacSha1, _hmacSha512, _rfc2898, _cryptographicOperations;
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

            /// <summary>
            /// In a method body walked on its own: the weight, in <see cref="Cost"/>, of its sorts of the part of a collection
            /// its parameters pick (<c>rules.Where(r =&gt; r.ClientId == client.Id).OrderBy(..)</c>), and those parameters'
            /// ordinals as bits. A call that passes a per-iteration value for each of them sorts one part per element.
            /// </summary>
            public double SortOfParameterPart;
            public long SortPartParameters;

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

        private sealed partial class Walker
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

                return ReadsAParameter(bound, throughCursor: true);
            }

            // A parameter read anywhere in the value; with throughCursor also an enumerator made from one:
            // var elements = StringInfo.GetTextElementEnumerator(key); while (elements.MoveNext()).
            private static bool ReadsAParameter(IOperation value, bool throughCursor)
            {
                foreach (var operation in value.DescendantsAndSelf())
                {
                    if (operation is IParameterReferenceOperation
                        || throughCursor && operation is IInvocationOperation { TargetMethod.Name: "MoveNext", Instance: ILocalReferenceOperation cursor }
                            && LocalInitializers.Of(cursor) is { } initializer && ReadsAParameter(initializer, throughCursor: false))
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

            private void Walk(IOperation? operation, ref Work work)
            {
                // Work that awaits, does I/O or blocks anywhere is not CPU-bound, whatever else it does: no rule reads its
                // cost, nor does a caller (the reason propagates with it), so the rest is not walked.
                if (operation is null || work.NotCpuBound != null)
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
                        if (BlockingWaits.TryGetBlockingWait(property, _model._types, out _))
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

        private Work MethodWork(IMethodSymbol method, SyntaxNode body, double unknownCount, int depth, CancellationToken cancellationToken)
        {
            var cache = _methodCache[depth].GetOrAdd(unknownCount, _ => new ConcurrentDictionary<IMethodSymbol, Work>(SymbolEqualityComparer.Default));
            if (cache.TryGetValue(method.OriginalDefinition, out var cached))
            {
                return cached;
            }

            var model = DriverModels.Of(_compilation, body.SyntaxTree);
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
