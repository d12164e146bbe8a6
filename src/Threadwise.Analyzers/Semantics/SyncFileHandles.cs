using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A <c>FileStream</c> opened for synchronous I/O where it is created: <c>new FileStream(path, mode[, access[, share[,
    /// bufferSize]]])</c>, <c>useAsync: false</c>, <c>FileOptions</c> without <c>Asynchronous</c>, <c>File.Create(path)</c>,
    /// <c>File.Open(path, mode, ..)</c>, <c>File.OpenWrite(path)</c>. Such a stream has no asynchronous I/O: its
    /// <c>DisposeAsync</c> writes the buffered tail through the same synchronous handle on another pool thread, so on a
    /// server, where the caller is itself a pool thread, <c>await using</c> frees no thread. A handle, a
    /// <c>FileStreamOptions</c> or a non-constant mode argument is not known to be synchronous. A <c>StreamWriter</c> over
    /// such a file writes through the same handle.
    /// </summary>
    internal static class SyncFileHandles
    {
        // FileOptions.Asynchronous (0x40000000).
        private const long AsynchronousOption = 0x40000000;

        /// <summary>The largest buffer a small write goes through: <c>Stream.CopyTo</c>'s default, 80 KB.</summary>
        private const int SmallBuffer = 81920;

        /// <summary>
        /// A writer whose disposal writes only to a local file opened for synchronous I/O: such a <c>FileStream</c> itself,
        /// or a <c>StreamWriter</c> over one (<c>new StreamWriter(file)</c> where <c>file</c> is a local the method opened
        /// that way, <c>new StreamWriter(path)</c>, <c>File.CreateText(path)</c>, <c>File.AppendText(path)</c>). With
        /// <paramref name="smallBuffer"/>, only where no buffer above 80 KB is asked for: the tail it writes is small.
        /// </summary>
        public static bool WritesToSyncFile(IOperation value, KnownTypes types, bool smallBuffer)
        {
            value = value.WalkDownConversions();
            if (IsOpenedSynchronously(value, types, smallBuffer))
            {
                return true;
            }

            switch (value)
            {
                case IObjectCreationOperation { Constructor: { Parameters.IsEmpty: false } constructor } creation
                    when KnownTypes.Is(creation.Type, types.StreamWriter) && (!smallBuffer || HasSmallBuffer(creation.Arguments)):
                    return constructor.Parameters[0].Type.SpecialType == SpecialType.System_String
                        ? !HasStreamOptions(creation.Arguments, types)
                        : creation.Arguments[0].Parameter?.Ordinal == 0
                            && IsOpenedSynchronously(LocalInitializers.Unaliased(creation.Arguments[0].Value), types, smallBuffer);

                case IInvocationOperation { TargetMethod: { IsStatic: true, Parameters.Length: 1 } method }
                    when KnownTypes.Is(method.ContainingType, types.File) && (method.Name == "CreateText" || method.Name == "AppendText"):
                    return true;

                default:
                    return false;
            }
        }

        private static bool IsOpenedSynchronously(IOperation value, KnownTypes types, bool smallBuffer)
        {
            switch (value.WalkDownConversions())
            {
                case IObjectCreationOperation { Constructor: { } constructor } creation when KnownTypes.Is(creation.Type, types.FileStream):
                    return OpensPathSynchronously(constructor, creation.Arguments, types) && (!smallBuffer || HasSmallBuffer(creation.Arguments));

                case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                    when KnownTypes.Is(method.ContainingType, types.File)
                        && (method.Name == "Create" || method.Name == "Open" || method.Name == "OpenWrite"):
                    return OpensPathSynchronously(method, invocation.Arguments, types) && (!smallBuffer || HasSmallBuffer(invocation.Arguments));

                default:
                    return false;
            }
        }

        // No bufferSize argument, or a constant one no larger than SmallBuffer.
        private static bool HasSmallBuffer(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Name: "bufferSize" }
                    && !(argument.Value.ConstantValue is { HasValue: true, Value: int size } && size <= SmallBuffer))
                {
                    return false;
                }
            }

            return true;
        }

        // new StreamWriter(path, ..) opens the file synchronously unless FileStreamOptions are passed.
        private static bool HasStreamOptions(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, KnownTypes types)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is null || KnownTypes.Is(argument.Parameter.Type, types.FileStreamOptions))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool OpensPathSynchronously(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, KnownTypes types)
        {
            if (method.Parameters.IsEmpty || method.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return false;
            }

            foreach (var argument in arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || KnownTypes.Is(parameter.Type, types.FileStreamOptions))
                {
                    return false;
                }

                var constant = argument.Value.ConstantValue;
                if (parameter.Type.SpecialType == SpecialType.System_Boolean && parameter.Name == "useAsync"
                    && !(constant.HasValue && constant.Value is false))
                {
                    return false;
                }

                if (KnownTypes.Is(parameter.Type, types.FileOptions)
                    && !(constant.HasValue && constant.Value is int options && (options & AsynchronousOption) == 0))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
