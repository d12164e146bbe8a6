using System;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Test support that a library ships for its users' test suites: code in a namespace named <c>Testing</c> or
    /// <c>TestKit</c> (MassTransit's <c>MassTransit.Testing</c> harnesses and bus activity indicators, <c>Akka.TestKit</c>),
    /// or in a type whose name is <c>Test</c> and then a capital letter (Akka.NET's
    /// <c>TestTransport</c>, a <c>TestScheduler</c>), or in a top-level type declared in a file so named (the behaviours that
    /// Akka.NET's <c>TestTransport.cs</c> declares beside it). It runs inside tests, not on its users' production paths: a harness that
    /// waits or drops a task holds one test, and it is written to be simple, not to serve load. Like debug-only code
    /// (<see cref="DebugOnlyCode"/>), the site is not reported. Not a test project's own <c>Tests</c> namespace, not a folder
    /// (a checkout may sit under any path; only the file's own name counts), and not <c>Testcontainers…</c> or <c>Testimonial</c>: the capital letter is required.
    /// </summary>
    internal static class TestSupportCode
    {
        /// <param name="symbol">The innermost symbol around the site.</param>
        public static bool Contains(ISymbol? symbol)
        {
            for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type != null; type = type.ContainingType)
            {
                if (IsTestTypeName(type.Name) || type.ContainingType is null && IsDeclaredInTestFile(type))
                {
                    return true;
                }
            }

            for (var space = symbol?.ContainingNamespace; space is { IsGlobalNamespace: false }; space = space.ContainingNamespace)
            {
                if (IsSupportName(space.Name))
                {
                    return true;
                }
            }

            return false;
        }

        // TestTransport.cs also declares the behaviours and recorded activities only TestTransport uses (Akka.NET's
        // SwitchableLoggedBehavior); every part of the type must be in such a file.
        private static bool IsDeclaredInTestFile(INamedTypeSymbol type)
        {
            var locations = type.Locations;
            foreach (var location in locations)
            {
                if (location.SourceTree?.FilePath is not { Length: > 0 } path || !IsTestTypeName(FileStem(path)))
                {
                    return false;
                }
            }

            return !locations.IsEmpty;
        }

        private static string FileStem(string path)
        {
            var start = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1;
            var end = path.IndexOf('.', start);
            return end < 0 ? path.Substring(start) : path.Substring(start, end - start);
        }

        private static bool IsTestTypeName(string name) =>
            name.Length > 4 && name.StartsWith("Test", StringComparison.Ordinal) && char.IsUpper(name[4]);

        private static bool IsSupportName(string name) =>
            string.Equals(name, "Testing", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "TestKit", StringComparison.OrdinalIgnoreCase);
    }
}
