using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// <c>StartAsync</c>/<c>StopAsync</c> of a hosted service: <c>IHostedService</c>'s own members, or members of another
    /// type or interface that only hosted services of the compilation implement (TickerQ's dashboard calling
    /// <c>ITickerQHostScheduler.StartAsync()</c>, implemented by a <c>BackgroundService</c>). Their token is not "this
    /// call": <c>BackgroundService.StartAsync</c> links the service's whole lifetime to it, and <c>StopAsync</c>'s only cuts
    /// the graceful wait short. Passing a request's token there stops the service when the request ends, so TW504 does
    /// not suggest it.
    /// </summary>
    internal static class HostedServiceLifetimes
    {
        public static bool IsLifetimeCall(IInvocationOperation invocation, KnownTypes types, Compilation compilation)
        {
            var target = invocation.TargetMethod.OriginalDefinition;
            if (target.Name is not ("StartAsync" or "StopAsync") || types.HostedService is not { } hostedService)
            {
                return false;
            }

            if (KnownTypes.Implements(target.ContainingType, hostedService))
            {
                return true;
            }

            // An interface or virtual member of the compilation's own: every implementation in source is a hosted service's.
            var implementations = 0;
            foreach (var symbol in compilation.GetSymbolsWithName(target.Name, SymbolFilter.Member))
            {
                if (symbol is not IMethodSymbol candidate || !Implements(candidate, target))
                {
                    continue;
                }

                if (!KnownTypes.Implements(candidate.ContainingType, hostedService))
                {
                    return false;
                }

                implementations++;
            }

            return implementations > 0;
        }

        private static bool Implements(IMethodSymbol candidate, IMethodSymbol target)
        {
            if (target.ContainingType.TypeKind == TypeKind.Interface)
            {
                return candidate.ContainingType is { } type
                    && KnownTypes.Is(type.FindImplementationForInterfaceMember(target)?.OriginalDefinition, candidate.OriginalDefinition);
            }

            for (var overridden = candidate.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (KnownTypes.Is(overridden.OriginalDefinition, target))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
