using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Client libraries that queue commands take a mode flag that says "send it and do not wait for the reply":
    /// <c>db.Publish(channel, message, CommandFlags.FireAndForget)</c>, <c>flags | CommandFlags.FireAndForget</c>. Such a call
    /// only enqueues its work: the synchronous form does not block on the reply, and the task the async form returns is a
    /// completed placeholder, with nothing to wait for or observe. The shape of <see cref="SyncMode"/>: a constant argument,
    /// here an enum member named <c>FireAndForget</c>, alone or combined with <c>|</c>; or a local built by a call that took
    /// the flag (<c>var message = CreateMessage(.., flags | CommandFlags.FireAndForget); Execute(message);</c>).
    /// A flag passed through as a variable is not one: the caller's flags decide.
    /// </summary>
    internal static class FireAndForget
    {
        private const string FlagName = "FireAndForget";

        /// <summary>The call has an argument that selects fire-and-forget mode.</summary>
        public static bool OnlyEnqueues(IInvocationOperation invocation) => OnlyEnqueues(invocation, 0);

        private static bool OnlyEnqueues(IInvocationOperation invocation, int depth)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && CarriesFlag(argument.Value, depth))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CarriesFlag(IOperation value, int depth)
        {
            switch (value.WalkDownConversions())
            {
                case IFieldReferenceOperation { Field: { HasConstantValue: true, Name: FlagName, ContainingType.TypeKind: TypeKind.Enum } }:
                    return true;

                // CommandFlags.DemandMaster | CommandFlags.FireAndForget, flags | CommandFlags.FireAndForget
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Or } or:
                    return CarriesFlag(or.LeftOperand, depth) || CarriesFlag(or.RightOperand, depth);

                // var flags = CommandFlags.FireAndForget; var message = Build(.., CommandFlags.FireAndForget);
                case ILocalReferenceOperation local when depth == 0 && InitializerNamesFlag(local.Local):
                    return LocalInitializers.Of(local) is { } initializer
                        && (CarriesFlag(initializer, depth + 1)
                            || initializer.WalkDownConversions() is IInvocationOperation builder && OnlyEnqueues(builder, depth + 1));

                default:
                    return false;
            }
        }

        /// <summary>Cheap syntax check before binding the initializer: it mentions <c>FireAndForget</c>.</summary>
        private static bool InitializerNamesFlag(ILocalSymbol local)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return false;
            }

            foreach (var node in value.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax { Identifier.ValueText: FlagName })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
