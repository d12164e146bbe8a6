using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Event handlers are the one place where <c>async void</c> is the accepted shape: the event's delegate returns
    /// void, and the framework (a UI message loop, a timer) owns the call. A handler is recognised by its signature
    /// (<c>(object sender, SomeEventArgs e)</c>, the .NET event pattern), or by being subscribed to an event with <c>+=</c>.
    /// </summary>
    internal static class EventHandlers
    {
        /// <summary>
        /// Two parameters in the event pattern: the second an <c>EventArgs</c> (or derived), or a type named
        /// <c>...EventArgs</c>/<c>...Args</c> (WinRT and WinUI arguments do not derive from <c>System.EventArgs</c>:
        /// <c>(object sender, RoutedEventArgs e)</c>, <c>(NavigationView sender, NavigationViewItemInvokedEventArgs args)</c>),
        /// or a first parameter named <c>sender</c> (<c>EventHandler&lt;string&gt;</c>, <c>TypedEventHandler&lt;T, object&gt;</c>).
        /// </summary>
        public static bool HasEventHandlerSignature(IMethodSymbol method, KnownTypes types)
        {
            if (method.Parameters.Length != 2
                || method.Parameters[0].RefKind != RefKind.None
                || method.Parameters[1].RefKind != RefKind.None)
            {
                return false;
            }

            var args = method.Parameters[1].Type;
            return KnownTypes.InheritsFrom(args, types.EventArgs)
                || args.TypeKind != TypeKind.Error && args.Name.EndsWith("Args", System.StringComparison.Ordinal)
                || method.Parameters[0].Name == "sender";
        }

        /// <summary>A delegate type of the event pattern: <c>EventHandler</c>, <c>EventHandler&lt;T&gt;</c>, <c>RoutedEventHandler</c>…</summary>
        public static bool IsEventHandlerDelegate(ITypeSymbol? type, KnownTypes types) =>
            type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }
            && invoke.ReturnsVoid
            && HasEventHandlerSignature(invoke, types);

        /// <summary>
        /// Whether a delegate creation (of a lambda or a method group) is the handler of an event subscription
        /// (<c>button.Click += ...</c> or <c>-=</c>), or creates a delegate of the event-handler pattern
        /// (<c>WeakEventManager.AddHandler(source, "Loaded", OnLoaded)</c>).
        /// </summary>
        public static bool IsEventHandlerUse(IDelegateCreationOperation creation, KnownTypes types) =>
            SubscriptionOf(creation) != null || IsEventHandlerDelegate(creation.Type, types);

        /// <summary>The <c>+=</c> or <c>-=</c> whose handler is this delegate creation (through conversions and parentheses), or null.</summary>
        public static IEventAssignmentOperation? SubscriptionOf(IDelegateCreationOperation creation)
        {
            IOperation current = creation;
            while (current.Parent is IConversionOperation || current.Parent is IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IEventAssignmentOperation assignment && assignment.HandlerValue == current ? assignment : null;
        }
    }
}
