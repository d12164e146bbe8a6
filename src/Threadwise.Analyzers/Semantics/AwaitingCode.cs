using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>Who awaits the code of a compilation: callers it does not know, its own application, or a test runner.</summary>
    internal enum AwaitingCode
    {
        /// <summary>A library with no UI or ASP.NET Core host: any caller, on any SynchronizationContext, may await it.</summary>
        Library,

        /// <summary>An application (console, service, UI, ASP.NET Core) or a library bound to a UI or ASP.NET Core host.</summary>
        Application,

        /// <summary>A test project (xUnit, NUnit, MSTest, TUnit): its runner's context is the one the tests should keep.</summary>
        Tests,
    }

    /// <summary>
    /// Whether <c>ConfigureAwait(false)</c> matters for a compilation's awaits (TW501). It matters only in a library that
    /// callers with a SynchronizationContext may block on. A UI app or UI library needs its context back; ASP.NET Core and
    /// console apps have none, so it changes nothing there; test runners install their own (xUnit's limits parallelism
    /// through it, and its analyzer xUnit1030 asks test methods not to leave it).
    /// </summary>
    internal static class AwaitingCodes
    {
        public static AwaitingCode Of(Compilation compilation, HostKind host)
        {
            if (host != HostKind.Plain)
            {
                return AwaitingCode.Application;
            }

            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (IsTestFramework(assembly.Name))
                {
                    return AwaitingCode.Tests;
                }
            }

            return HostContext.IsLibrary(compilation)
                ? AwaitingCode.Library
                : AwaitingCode.Application;
        }

        private static bool IsTestFramework(string name) =>
            name == "xunit.core" || name == "xunit.v3.core" || name == "xunit.assert" || name == "nunit.framework"
            || name == "Microsoft.VisualStudio.TestPlatform.TestFramework" || name == "TUnit.Core";
    }
}
