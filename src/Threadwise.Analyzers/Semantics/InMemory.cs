using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Recognises streams, readers and writers over in-memory data: <c>MemoryStream</c>, <c>StringReader</c>,
    /// <c>StringWriter</c>, and anything built on one of them in the same method (<c>new StreamReader(memory)</c>,
    /// <c>XmlReader.Create(new StringReader(s))</c>), or kept in a <c>readonly</c> or <c>private</c> field whose every value
    /// is one (<see cref="FieldStores"/>), or in a local declared without a value whose every assignment is one. Their
    /// "I/O" never leaves memory, so the async twin buys nothing.
    /// Also: third-party memory streams (<see cref="IsThirdPartyMemoryStream"/>), a stream from a source factory method
    /// that only ever returns an in-memory stream, the content stream of an HTTP response <c>HttpClient</c> buffered
    /// (<see cref="BufferedResponses"/>), a member of this object the method gives only such values, and the <c>Writer</c>/<c>Reader</c> of a <c>Pipe</c>; an entry of a <c>ZipArchive</c> over memory and the stream its <c>Open()</c> returns (<see cref="ZipArchives"/>).
    /// </summary>
    internal static class InMemory
    {
        // Every local on the way counts as a step, and an archive entry adds two (the entry, its archive):
        // reader → new StreamReader(stream) → stream → entry.Open() → entry → archive → new ZipArchive(memory).
        private const int MaxDepth = 2 * StreamWrappers.MaxDepth;

        public static bool IsInMemory(IOperation value, KnownTypes types) => IsInMemory(value, types, 0);

        public static bool IsInMemoryType(ITypeSymbol? type, KnownTypes types) =>
            KnownTypes.InheritsFrom(type, types.MemoryStream)
            || KnownTypes.InheritsFrom(type, types.UnmanagedMemoryStream)
            || KnownTypes.InheritsFrom(type, types.StringReader)
            || KnownTypes.InheritsFrom(type, types.StringWriter)
            || IsThirdPartyMemoryStream(type, types)
            || IsSourceBufferStream(type, types);

        /// <summary>
        /// A class of this compilation derived directly from <c>Stream</c> whose instance fields can hold nothing that does
        /// I/O: numbers, enums, <c>bool</c>, the memory structs of <see cref="KnownTypes.BufferTypes"/>
        /// (<c>ReadOnlySequence&lt;byte&gt;</c>, <c>SequencePosition</c>, <c>Memory&lt;byte&gt;</c>), arrays of such values, and
        /// tasks of such values (a cached read result); and at least one of them, an array or a memory struct, holds the bytes.
        /// grpc-dotnet's <c>ReadOnlySequenceStream</c> over a received message. A field of any other type (another stream, a
        /// socket, a handle, a path) leaves it out, and so does a stream with no field that could hold its bytes.
        /// </summary>
        private static bool IsSourceBufferStream(ITypeSymbol? type, KnownTypes types)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named
                || types.Stream is null
                || !KnownTypes.Is(named.BaseType, types.Stream)
                || named.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            var holdsBytes = false;
            foreach (var member in named.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false } field)
                {
                    if (!HoldsOnlyValues(field.Type, types, taskToo: true))
                    {
                        return false;
                    }

                    holdsBytes |= field.Type is IArrayTypeSymbol || IsBufferType(field.Type, types);
                }
            }

            return holdsBytes;
        }

        private static bool HoldsOnlyValues(ITypeSymbol type, KnownTypes types, bool taskToo)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return HoldsOnlyValues(array.ElementType, types, taskToo: false);
                case INamedTypeSymbol { TypeKind: TypeKind.Enum }:
                    return true;
                case INamedTypeSymbol named when named.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double:
                    return true;
                case INamedTypeSymbol { IsGenericType: true } generic when taskToo && types.IsTaskLike(generic):
                    return generic.TypeArguments.Length == 1 && HoldsOnlyValues(generic.TypeArguments[0], types, taskToo: false);
                case INamedTypeSymbol buffer when IsBufferType(buffer, types):
                    return buffer.TypeArguments.All(argument => HoldsOnlyValues(argument, types, taskToo: false));
                default:
                    return false;
            }
        }

        // ReadOnlySequence<T>, SequencePosition, Memory<T>, ReadOnlyMemory<T>, ArraySegment<T>.
        private static bool IsBufferType(ITypeSymbol type, KnownTypes types)
        {
            foreach (var known in types.BufferTypes)
            {
                if (KnownTypes.Is(type.OriginalDefinition, known))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A class derived from <c>Stream</c>, declared in a referenced assembly (not in this compilation), whose name contains
        /// <c>MemoryStream</c> or <c>MemoryBlockStream</c> — or a class derived from one: pooled and block-list streams of
        /// libraries (<c>RecyclableMemoryStream</c>, <c>ChunkedMemoryStream</c>, <c>MemoryBlockStream</c>) that keep their bytes
        /// in memory. The name is the only evidence a referenced assembly gives, so a type in source never counts by name:
        /// its author can say more with a real <c>MemoryStream</c> base.
        /// </summary>
        private static bool IsThirdPartyMemoryStream(ITypeSymbol? type, KnownTypes types)
        {
            if (types.Stream is null || type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named)
            {
                return false;
            }

            for (var current = named; current != null && !KnownTypes.Is(current, types.Stream); current = current.BaseType)
            {
                if (current.Locations.Length > 0 && current.Locations[0].IsInMetadata
                    && (current.Name.IndexOf("MemoryStream", System.StringComparison.Ordinal) >= 0 || current.Name.IndexOf("MemoryBlockStream", System.StringComparison.Ordinal) >= 0))
                {
                    return KnownTypes.InheritsFrom(current, types.Stream);
                }
            }

            return false;
        }

        private static bool IsInMemory(IOperation value, KnownTypes types, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            value = value.WalkDownConversions();
            if (IsInMemoryType(value.Type, types))
            {
                return true;
            }

            switch (value)
            {
                // CreateBuffer(): a source method whose every return is an in-memory stream.
                case IInvocationOperation call when ReturnsOnlyInMemory(call, types, depth):
                    return true;

                // assembly.GetManifestResourceStream(name): an embedded resource, mapped with the loaded assembly
                // (an UnmanagedMemoryStream typed as Stream); puppeteer-sharp reads its injected script this way.
                case IInvocationOperation { TargetMethod: { Name: "GetManifestResourceStream" } resource }
                    when KnownTypes.InheritsFrom(resource.ContainingType, types.Assembly):
                    return true;

                // entry.Open() of an entry of an archive over memory (new ZipArchive(new MemoryStream(bytes))).
                case IInvocationOperation { Instance: { } entry } open when ZipArchives.IsEntryOpen(open, types):
                    return IsInMemory(entry, types, depth + 1);

                // The entry itself: foreach (var entry in archive.Entries), archive.GetEntry(name).
                case { Type: { } type } when KnownTypes.Is(type, types.ZipArchiveEntry):
                    return ZipArchives.ArchiveOf(value, types) is { } archive && IsInMemory(archive, types, depth + 1);

                // new StreamReader(await response.Content.ReadAsStreamAsync()) of a response HttpClient buffered.
                case IAwaitOperation awaited when BufferedResponses.IsBufferedContentStream(awaited, types):
                    return true;

                // ResponseStream = await response.Content.ReadAsStreamAsync(); .. new StreamReader(ResponseStream): a member of
                // this object that the body gives only in-memory values, read after one of them.
                case IMemberReferenceOperation member when IsOwnStreamMember(member, types) && AssignedHereOnlyInMemory(member, types, depth):
                    return true;

                // _decompressor = new DeflateStream(_compressed, ..) where _compressed = new MemoryStream(): a readonly or
                // private field that only ever holds streams over memory.
                case IFieldReferenceOperation { Field: var field } when types.IsStreamReaderOrWriter(field.Type) && value.SemanticModel is { } model:
                    return HoldsOnlyInMemory(field, model, types, depth);

                // GetSegmentAsync(Stream stream) of an internal type, every call of which passes a stream over memory.
                case IParameterReferenceOperation { Parameter: var parameter } when types.IsStreamReaderOrWriter(parameter.Type):
                    return IsEveryArgumentInMemory(parameter, value, types, depth);

                // Stream stream; .. stream = CreateStream(..); in each branch (MailKit's fetch loop).
                case ILocalReferenceOperation local when IsDeclaredWithoutValue(local):
                    return AssignedOnlyInMemory(local, types, depth);

                // pipe.Writer, pipe.Reader of a Pipe
                case IPropertyReferenceOperation { Property.Name: "Writer" or "Reader", Instance: { } pipe }:
                    return IsPipe(pipe, types);

                // new StreamReader(memory), new GZipStream(memory, ...), XmlReader.Create(new StringReader(s)), a local
                default:
                    return StreamWrappers.Inner(value, types) is { } inner && IsInMemory(inner, types, depth + 1);
            }
        }

        /// <summary>
        /// A <c>System.IO.Pipelines.Pipe</c> (a sealed class, whoever made it: a local, a field, a property): its writer and
        /// reader only move buffers between each other (<c>Complete()</c> marks the pipe done). A <c>PipeReader</c> or
        /// <c>PipeWriter</c> typed as such may wrap a stream that flushes (<c>PipeWriter.Create(stream)</c>).
        /// </summary>
        private static bool IsPipe(IOperation pipe, KnownTypes types) =>
            types.Pipe != null && KnownTypes.Is(pipe.WalkDownConversions().Type, types.Pipe);

        private static bool IsDeclaredWithoutValue(ILocalReferenceOperation local) =>
            local.Local.DeclaringSyntaxReferences.Length == 1
            && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: null };

        /// <summary>
        /// Every value the member assigns to the local (<c>stream = ..;</c>) is in memory, and there is at least one. Any
        /// other write (<c>out</c> or <c>ref</c>, a compound or deconstructing assignment) is not known, so the answer is no.
        /// </summary>
        private static bool AssignedOnlyInMemory(ILocalReferenceOperation local, KnownTypes types, int depth)
        {
            if (PlainAssignments(local.Root(), operation => operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local.Local)) is not { } assignments)
            {
                return false;
            }

            var counted = 0;
            foreach (var assignment in assignments)
            {
                if (HandsBack(assignment.Value, local.Local))
                {
                    continue;
                }

                if (!IsInMemory(assignment.Value, types, depth + 1))
                {
                    return false;
                }

                counted++;
            }

            return counted > 0;
        }

        /// <summary>
        /// A by-value stream parameter its method never assigns, of a method only its assembly can call, every call of which
        /// (through the member it overrides or implements too: <see cref="CallSites.EveryCallThatMayRunIt"/>) passes a
        /// stream over memory: FirebirdClient's <c>GdsBlob.GetSegmentAsync(Stream)</c>, whose one caller passes its local
        /// <c>MemoryStream</c>; neo4j's chunk reader, given a <c>MemoryStream</c> through an internal interface and a private
        /// helper. One answer per parameter and depth, per compilation: the callers are found by a text search.
        /// </summary>
        private static bool IsEveryArgumentInMemory(IParameterSymbol parameter, IOperation read, KnownTypes types, int depth)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams
                || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                || read.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            return CompilationContext.For(compilation).InMemoryParameters.GetOrAdd(
                (parameter.OriginalDefinition, depth),
                _ => PlainAssignments(read.Root(), operation => operation is IParameterReferenceOperation reference
                        && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)) is { Count: 0 }
                    && CallSites.EveryCallThatMayRunIt(method.OriginalDefinition, compilation, call =>
                        call.ArgumentFor(parameter.Ordinal) is { ArgumentKind: ArgumentKind.Explicit } argument
                        && IsInMemory(argument.Value, types, depth + 1)));
        }

        private static bool IsOwnStreamMember(IMemberReferenceOperation member, KnownTypes types) =>
            member is IPropertyReferenceOperation { Arguments.IsEmpty: true } or IFieldReferenceOperation
            && IsOnThis(member)
            && KnownTypes.InheritsFrom(member.Type, types.Stream);

        private static bool IsOnThis(IMemberReferenceOperation member) =>
            member.Instance?.WalkDownConversions() is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        /// <summary>
        /// Every value the body assigns to this member of this object is in memory and one of them comes before the read,
        /// with no other write of it there (as for a local, <see cref="AssignedOnlyInMemory"/>). Writes by other members are
        /// not seen: the read follows the body's own assignment.
        /// </summary>
        private static bool AssignedHereOnlyInMemory(IMemberReferenceOperation read, KnownTypes types, int depth)
        {
            if (PlainAssignments(read.Root(), operation => operation is IMemberReferenceOperation reference && reference != read
                    && SymbolEqualityComparer.Default.Equals(reference.Member, read.Member) && IsOnThis(reference)) is not { } assignments)
            {
                return false;
            }

            var before = false;
            foreach (var assignment in assignments)
            {
                if (!IsInMemory(assignment.Value, types, depth + 1))
                {
                    return false;
                }

                before |= assignment.Syntax.Span.End <= read.Syntax.SpanStart;
            }

            return before;
        }

        /// <summary>
        /// The plain assignments (<c>x = ..;</c>) the body makes to what <paramref name="isTarget"/> recognises; null when it
        /// writes it any other way (<c>out</c> or <c>ref</c>, a compound or deconstructing assignment), which is not known.
        /// </summary>
        private static List<ISimpleAssignmentOperation>? PlainAssignments(IOperation root, Func<IOperation, bool> isTarget)
        {
            var assignments = new List<ISimpleAssignmentOperation>();
            foreach (var operation in root.Descendants())
            {
                if (!isTarget(operation))
                {
                    continue;
                }

                switch (operation.Parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == operation:
                        assignments.Add(assignment);
                        break;
                    case IAssignmentOperation assignment when assignment.Target == operation:
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                    case ITupleOperation:
                        return null;
                }
            }

            return assignments;
        }

        /// <summary>
        /// <c>stream = CommitStream(stream, ..)</c>: a source method whose every <c>return</c> gives back the parameter the
        /// local is passed to (MailKit's <c>protected virtual CommitStream</c>, not overridden in the compilation). The local
        /// keeps the value it had, so the assignment adds none.
        /// </summary>
        private static bool HandsBack(IOperation value, ILocalSymbol local)
        {
            if (value.WalkDownConversions() is not IInvocationOperation call
                || call.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            IParameterSymbol? passed = null;
            foreach (var argument in call.Arguments)
            {
                if (argument.Value.WalkDownConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    passed = argument.Parameter;
                }
            }

            var method = call.TargetMethod.OriginalDefinition;
            if (passed is null || method.IsAbstract || method.IsAsync || method.MethodKind != MethodKind.Ordinary
                || SourceBodies.OfMethod(method, compilation) is not { } body)
            {
                return false;
            }

            var handedBack = passed.OriginalDefinition;
            return body.EveryReturnedValue(returned => returned.WalkDownConversions() is IParameterReferenceOperation parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Parameter.OriginalDefinition, handedBack))
                && !MayRunSourceOverride(call, method, compilation);
        }

        // A virtual call may run an override instead of the body read: one declared in the compilation counts.
        private static bool MayRunSourceOverride(IInvocationOperation call, IMethodSymbol method, Compilation compilation) =>
            call.IsVirtual && (method.IsVirtual || method.IsOverride && !method.IsSealed) && method.ContainingType is { IsSealed: false }
            && SourceOverrides.Exist(method, compilation);

        // Every value the field is given (FieldStores) is in memory, and there is at least one; a ??= store is not followed.
        private static bool HoldsOnlyInMemory(IFieldSymbol field, SemanticModel model, KnownTypes types, int depth) =>
            FieldStores.HoldsOnly(field, model, lazyStores: false, value => IsInMemory(value, types, depth + 1));

        /// <summary>
        /// A call of a source method (not async, a <c>Stream</c> type returned) whose every <c>return</c> is an in-memory
        /// stream (<c>return new MemoryStream(capacity);</c>): whatever the caller does with the result stays in memory. A
        /// virtual factory counts by its own body when nothing in the compilation overrides it (MailKit's <c>protected
        /// virtual CreateStream</c>): the call was written against that default; an override in source may open a file.
        /// </summary>
        private static bool ReturnsOnlyInMemory(IInvocationOperation call, KnownTypes types, int depth)
        {
            var method = (call.TargetMethod.ReducedFrom ?? call.TargetMethod).OriginalDefinition;
            if (method.IsAsync || method.IsAbstract || method.IsExtern || method.MethodKind != MethodKind.Ordinary
                || !KnownTypes.InheritsFrom(method.ReturnType, types.Stream)
                || call.SemanticModel?.Compilation is not { } compilation
                || SourceBodies.OfMethod(method, compilation) is not { } body)
            {
                return false;
            }

            // The override test is asked last: it reads the declarations of every tree.
            return body.EveryReturnedValue(returned => IsInMemory(returned, types, depth + 1))
                && !MayRunSourceOverride(call, method, compilation);
        }
    }
}
