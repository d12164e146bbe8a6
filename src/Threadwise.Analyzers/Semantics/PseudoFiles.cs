using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Kernel pseudo-files: a path that starts with <c>/proc/</c> (read or written), starts with <c>/sys/</c> (read only: a
    /// sysfs write may start driver work) or is exactly <c>/dev/null</c>. The kernel answers them from memory, with no device
    /// I/O, so <c>File.WriteAllText($"/proc/{pid}/oom_score_adj", ..)</c> gains nothing from its async twin. Only a path whose
    /// prefix is in the source counts: a string constant, an interpolated string or a concatenation whose leading text is
    /// constant, directly or as the initializer of a local.
    /// </summary>
    internal static class PseudoFiles
    {
        private const int MaxDepth = 3;

        /// <summary>
        /// A static <c>File</c> call whose path is a pseudo-file (<c>File.ReadAllText("/proc/meminfo")</c>), or a call on a
        /// reader or stream opened on one in the same method (<c>new StreamReader("/proc/self/status").ReadToEnd()</c>).
        /// </summary>
        public static bool IsPseudoFileAccess(IInvocationOperation invocation, KnownTypes types)
        {
            if (invocation.Instance is null)
            {
                return KnownTypes.Is(invocation.TargetMethod.ContainingType, types.File)
                    && IsPseudoFileOpen(invocation, IsReadOnly(invocation.TargetMethod.Name));
            }

            return OpenedOnPseudoFile(invocation.Instance, types, readOnly: IsReadOnly(invocation.TargetMethod.Name), 0);
        }

        // Opened on a pseudo-file: new StreamReader(path), new FileStream(path, ..), File.OpenText(path), File.OpenRead(path).
        private static bool OpenedOnPseudoFile(IOperation value, KnownTypes types, bool readOnly, int depth)
        {
            value = value.WalkDownConversions();
            if (depth > MaxDepth)
            {
                return false;
            }

            switch (value)
            {
                case ILocalReferenceOperation local:
                    return LocalInitializers.Of(local) is { } initializer && OpenedOnPseudoFile(initializer, types, readOnly, depth + 1);
                case IObjectCreationOperation creation when KnownTypes.InheritsFrom(creation.Type, types.FileStream)
                    || KnownTypes.InheritsFrom(creation.Type, types.TextReader)
                    || KnownTypes.InheritsFrom(creation.Type, types.TextWriter):
                    return creation.Arguments.Length > 0
                        && creation.Arguments[0].Parameter is { Name: "path" }
                        && IsPseudoFilePath(creation.Arguments[0].Value, readOnly, depth + 1);
                case IInvocationOperation { Instance: null } open when KnownTypes.Is(open.TargetMethod.ContainingType, types.File):
                    return IsPseudoFileOpen(open, readOnly);
                default:
                    return false;
            }
        }

        private static bool IsPseudoFileOpen(IInvocationOperation call, bool readOnly)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { Name: "path", Type.SpecialType: SpecialType.System_String })
                {
                    return IsPseudoFilePath(argument.Value, readOnly, 0);
                }
            }

            return false;
        }

        // Read*, Open*Read*, Exists: nothing written through the call.
        private static bool IsReadOnly(string name) =>
            name.StartsWith("Read", StringComparison.Ordinal) || name == "OpenRead" || name == "OpenText" || name == "Peek";

        /// <summary>The path's constant leading text names a pseudo-file (see the type's summary).</summary>
        public static bool IsPseudoFilePath(IOperation path, bool readOnly, int depth)
        {
            var prefix = ConstantPrefix(path, depth, out var complete);
            if (prefix is null)
            {
                return false;
            }

            return prefix.StartsWith("/proc/", StringComparison.Ordinal)
                || readOnly && prefix.StartsWith("/sys/", StringComparison.Ordinal)
                || complete && prefix == "/dev/null";
        }

        // The constant text the string starts with; complete when that text is the whole string.
        private static string? ConstantPrefix(IOperation value, int depth, out bool complete)
        {
            complete = false;
            value = value.WalkDownConversions();
            if (depth > MaxDepth)
            {
                return null;
            }

            if (value.ConstantValue is { HasValue: true, Value: string text })
            {
                complete = true;
                return text;
            }

            switch (value)
            {
                case IInterpolatedStringOperation { Parts.Length: > 0 } interpolated:
                    return interpolated.Parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string leading } }
                        ? leading
                        : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                    return ConstantPrefix(concatenation.LeftOperand, depth + 1, out _);
                case ILocalReferenceOperation local:
                    return LocalInitializers.Of(local) is { } initializer ? ConstantPrefix(initializer, depth + 1, out complete) : null;
                default:
                    return null;
            }
        }
    }
}
