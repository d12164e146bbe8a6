using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Asynchronous counterparts that another target framework of the same project lacks. A library built for
    /// <c>netstandard2.0;net8.0</c> is analyzed once per target, and the net8.0 build finds <c>Process.WaitForExitAsync</c>
    /// or <c>Stream.DisposeAsync</c>. The call still blocks there, but a plain rewrite would not compile for netstandard2.0:
    /// TW102 suggests a token overload only where every target has it, and its fix awaits a counterpart some target lacks
    /// under <c>#if</c> the frameworks that have it (<see cref="ConditionFor"/>), keeping the call in <c>#else</c>. Code that
    /// already sits in an <c>#if</c> on a framework symbol (<c>NET5_0_OR_GREATER</c>, <c>NETSTANDARD2_0</c>) is built for some
    /// frameworks only and is rewritten as usual. The project's frameworks come from its <c>TargetFrameworks</c>, which
    /// the package hands to analyzers as <c>ThreadwiseTargetFrameworks</c>; a single-target project has none to lack.
    /// The table lists the framework methods, by documentation ID (an override matches through the method it overrides), that
    /// came after .NET Standard 2.0 and .NET Framework, with the first .NET Core / .NET and .NET Standard versions that have them.
    /// </summary>
    internal sealed class TargetFrameworkGaps
    {
        /// <summary>The package's build property: <c>TargetFrameworks</c> with commas (build/Threadwise.targets).</summary>
        public const string PropertyKey = "build_property.ThreadwiseTargetFrameworks";

        private static readonly Gap[] Gaps =
        {
            new Gap(new Version(2, 0), new Version(2, 1), new[]
            {
                "M:System.IO.File.ReadAllTextAsync", "M:System.IO.File.ReadAllLinesAsync", "M:System.IO.File.ReadAllBytesAsync",
                "M:System.IO.File.WriteAllTextAsync", "M:System.IO.File.WriteAllLinesAsync", "M:System.IO.File.WriteAllBytesAsync",
                "M:System.IO.File.AppendAllTextAsync", "M:System.IO.File.AppendAllLinesAsync",
                "M:System.Xml.Linq.XDocument.LoadAsync", "M:System.Xml.Linq.XDocument.SaveAsync",
                "M:System.Xml.Linq.XElement.LoadAsync", "M:System.Xml.Linq.XElement.SaveAsync",
            }),
            new Gap(new Version(2, 1), new Version(2, 1), new[]
            {
                "M:System.IO.Stream.CopyToAsync(System.IO.Stream,System.Threading.CancellationToken)",
            }),
            new Gap(new Version(3, 0), new Version(2, 1), new[]
            {
                "M:System.IO.Stream.DisposeAsync", "M:System.IO.TextWriter.DisposeAsync",
                "M:System.Data.Common.DbConnection.DisposeAsync", "M:System.Data.Common.DbConnection.CloseAsync",
                "M:System.Data.Common.DbConnection.BeginTransactionAsync", "M:System.Data.Common.DbConnection.ChangeDatabaseAsync",
                "M:System.Data.Common.DbTransaction.DisposeAsync", "M:System.Data.Common.DbTransaction.CommitAsync",
                "M:System.Data.Common.DbTransaction.RollbackAsync",
                "M:System.Data.Common.DbDataReader.DisposeAsync", "M:System.Data.Common.DbDataReader.CloseAsync",
                "M:System.Data.Common.DbCommand.DisposeAsync", "M:System.Data.Common.DbCommand.PrepareAsync",
                "M:System.Threading.Timer.DisposeAsync", "M:System.Threading.CancellationTokenRegistration.DisposeAsync",
            }),
            new Gap(new Version(5, 0), null, new[]
            {
                "M:System.Diagnostics.Process.WaitForExitAsync",
                "M:System.Net.Sockets.TcpClient.ConnectAsync(System.String,System.Int32,System.Threading.CancellationToken)",
            }),
            new Gap(new Version(6, 0), null, new[]
            {
                "M:System.Net.Dns.GetHostAddressesAsync(System.String,System.Threading.CancellationToken)",
                "M:System.Net.Dns.GetHostEntryAsync(System.String,System.Threading.CancellationToken)",
            }),
            new Gap(new Version(7, 0), null, new[]
            {
                "M:System.IO.TextReader.ReadLineAsync(System.Threading.CancellationToken)",
                "M:System.IO.TextReader.ReadToEndAsync(System.Threading.CancellationToken)",
            }),
            new Gap(new Version(8, 0), null, new[]
            {
                "M:System.Threading.CancellationTokenSource.CancelAsync",
                "M:System.IO.TextWriter.FlushAsync(System.Threading.CancellationToken)",
            }),
            new Gap(new Version(10, 0), null, new[]
            {
                "M:System.IO.Compression.ZipFile.ExtractToDirectoryAsync", "M:System.IO.Compression.ZipFile.CreateFromDirectoryAsync",
                "M:System.IO.Compression.ZipFile.OpenAsync", "M:System.IO.Compression.ZipFile.OpenReadAsync",
                "M:System.IO.Compression.ZipFileExtensions.ExtractToDirectoryAsync", "M:System.IO.Compression.ZipFileExtensions.ExtractToFileAsync",
                "M:System.IO.Compression.ZipFileExtensions.CreateEntryFromFileAsync", "M:System.IO.Compression.ZipArchiveEntry.OpenAsync",
            }),
        };

        private readonly AnalyzerOptions? _options;

        // Read on first use: build properties are global options, which some hosts hand over only with a tree's options.
        private Target[]? _targets;

        /// <summary>The table (for the test that checks it against the reference assemblies of each framework).</summary>
        internal static IEnumerable<(string Id, Version Core, Version? Standard)> Table
        {
            get
            {
                foreach (var gap in Gaps)
                {
                    foreach (var id in gap.Ids)
                    {
                        yield return (id, gap.Core, gap.Standard);
                    }
                }
            }
        }

        public TargetFrameworkGaps(AnalyzerOptions? options)
        {
            _options = options;
        }

        private enum Family
        {
            Framework,
            Standard,
            Core,
        }

        // The project's target frameworks when it has two or more; none for a single target.
        private Target[] TargetsFor(SyntaxTree tree)
        {
            if (_targets is { } known)
            {
                return known;
            }

            var targets = new List<Target>();
            if (_options is { } options
                && (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PropertyKey, out var value)
                    || options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(PropertyKey, out value)))
            {
                foreach (var name in value.Split(',', ';'))
                {
                    if (Parse(name) is { } target)
                    {
                        targets.Add(target);
                    }
                }
            }

            return _targets = targets.Count < 2 ? Array.Empty<Target>() : targets.ToArray();
        }

        /// <summary>
        /// The preprocessor condition of the frameworks that have <paramref name="counterpart"/> (or the method it overrides)
        /// when another of the project's frameworks lacks it and the code at <paramref name="at"/> is built for every framework
        /// (no <c>#if</c> on a framework symbol around it); else null.
        /// </summary>
        public string? ConditionFor(IMethodSymbol counterpart, SyntaxNode at)
        {
            var targets = TargetsFor(at.SyntaxTree);
            if (targets.Length == 0)
            {
                return null;
            }

            var root = counterpart.OriginalDefinition;
            while (root.OverriddenMethod is { } overridden)
            {
                root = overridden.OriginalDefinition;
            }

            foreach (var gap in Gaps)
            {
                if (gap.Methods.Contains(root))
                {
                    return MissingOnATarget(gap, targets) && !IsInFrameworkConditional(at) ? gap.Condition : null;
                }
            }

            return null;
        }

        /// <summary>
        /// <see cref="ConditionFor"/> the framework <c>DisposeAsync</c> that <c>await using</c> of a <paramref name="type"/> would
        /// call (<c>FileStream</c>, <c>StreamWriter</c>, <c>DbTransaction</c>: none before .NET Core 3.0 and .NET Standard 2.1).
        /// </summary>
        public string? AsyncDisposalCondition(ITypeSymbol? type, KnownTypes types, SyntaxNode at)
        {
            if (type is null || types.IAsyncDisposable is null || TargetsFor(at.SyntaxTree).Length == 0)
            {
                return null;
            }

            foreach (var member in types.IAsyncDisposable.GetMembers("DisposeAsync"))
            {
                if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation)
                {
                    return ConditionFor(implementation, at);
                }
            }

            return null;
        }

        private static Target? Parse(string name)
        {
            var tfm = name.Trim().ToLowerInvariant();
            var dash = tfm.IndexOf('-');
            if (dash >= 0)
            {
                tfm = tfm.Substring(0, dash);
            }

            if (tfm.StartsWith("netstandard", StringComparison.Ordinal))
            {
                return Version.TryParse(tfm.Substring("netstandard".Length), out var version) ? new Target(Family.Standard, version) : null;
            }

            if (tfm.StartsWith("netcoreapp", StringComparison.Ordinal))
            {
                return Version.TryParse(tfm.Substring("netcoreapp".Length), out var version) ? new Target(Family.Core, version) : null;
            }

            if (tfm.StartsWith("net", StringComparison.Ordinal) && tfm.Length > 3)
            {
                var rest = tfm.Substring(3);
                if (rest.IndexOf('.') >= 0)
                {
                    return Version.TryParse(rest, out var version) && version.Major >= 5 ? new Target(Family.Core, version) : null;
                }

                // net462, net48: .NET Framework.
                foreach (var c in rest)
                {
                    if (c < '0' || c > '9')
                    {
                        return null;
                    }
                }

                return new Target(Family.Framework, new Version(4, 0));
            }

            return null;
        }

        private static bool MissingOnATarget(Gap gap, Target[] targets)
        {
            foreach (var target in targets)
            {
                var missing = target.Family switch
                {
                    Family.Framework => true,
                    Family.Standard => gap.Standard is null || target.Version < gap.Standard,
                    _ => target.Version < gap.Core,
                };
                if (missing)
                {
                    return true;
                }
            }

            return false;
        }

        // Inside an #if, #elif or #else group whose conditions name a framework symbol (NETCOREAPP3_0_OR_GREATER, NET472,
        // NETSTANDARD2_0): the author builds this code for some targets only.
        private static bool IsInFrameworkConditional(SyntaxNode at)
        {
            foreach (var group in ConditionalGroups.At(at.SyntaxTree, at.SpanStart))
            {
                foreach (var condition in group.Conditions)
                {
                    if (NamesFramework(condition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool NamesFramework(ExpressionSyntax condition)
        {
            foreach (var node in condition.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText.StartsWith("NET", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class Gap
        {
            public Gap(Version core, Version? standard, string[] ids)
            {
                Core = core;
                Standard = standard;
                Ids = ids;
                Methods = MethodList.Create(ids);
                var coreSymbol = (core.Major >= 5 ? "NET" : "NETCOREAPP") + core.Major + "_" + core.Minor + "_OR_GREATER";
                Condition = standard is null ? coreSymbol : coreSymbol + " || NETSTANDARD" + standard.Major + "_" + standard.Minor + "_OR_GREATER";
            }

            /// <summary>The SDK's symbols of the frameworks that have these methods: <c>NET5_0_OR_GREATER</c>, <c>NETCOREAPP3_0_OR_GREATER || NETSTANDARD2_1_OR_GREATER</c>.</summary>
            public string Condition { get; }

            /// <summary>Documentation IDs: without a parameter list, every overload.</summary>
            public string[] Ids { get; }

            /// <summary>The first .NET Core / .NET version with these methods.</summary>
            public Version Core { get; }

            /// <summary>The first .NET Standard version with them; null: none.</summary>
            public Version? Standard { get; }

            public MethodList Methods { get; }
        }

        private sealed class Target
        {
            public Target(Family family, Version version)
            {
                Family = family;
                Version = version;
            }

            public Family Family { get; }

            public Version Version { get; }
        }
    }
}
