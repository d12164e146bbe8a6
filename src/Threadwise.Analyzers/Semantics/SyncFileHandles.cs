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
    /// <c>FileStreamOptions</c> or a non-constant mode argument is not known to be synchronous.
    /// </summary>
    internal static class SyncFileHandles
    {
        // FileOptions.Asynchronous (0x40000000).
        private const long AsynchronousOption = 0x40000000;

        public static bool IsOpenedSynchronously(IOperation value, KnownTypes types)
        {
            switch (value.WalkDownConversions())
            {
                case IObjectCreationOperation { Constructor: { } constructor } creation when KnownTypes.Is(creation.Type, types.FileStream):
                    return OpensPathSynchronously(constructor, creation.Arguments, types);

                case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                    when KnownTypes.Is(method.ContainingType, types.File)
                        && (method.Name == "Create" || method.Name == "Open" || method.Name == "OpenWrite"):
                    return OpensPathSynchronously(method, invocation.Arguments, types);

                default:
                    return false;
            }
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
