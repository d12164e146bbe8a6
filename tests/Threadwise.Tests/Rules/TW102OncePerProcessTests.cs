using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Local file I/O that runs once per process — the one-time initialisation of a static field, directly or in a local
/// function called only that way — costs even a UI thread a few milliseconds once, so it is reported in libraries neither
/// where it stands (TW102) nor as a leaf (TW104): git-credential-manager caches the distribution it reads from
/// <c>/etc/os-release</c> in a static field, and three async commands reach it for their trace header. An instance field
/// (once per object), a local function also called another way or handed out as a delegate, and network I/O or waits in
/// the same shapes stay reported.
/// </summary>
public class TW102OncePerProcessTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
                using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_local_file_reads_that_initialise_a_static_field() => TW102.VerifyAnalyzerAsync(Usings + """
        public sealed class PlatformInfo
        {
            private static string? s_version;
            private static string? s_machineId;
            private static string[]? s_mounts;
            private static readonly object s_gate = new object();

            public async Task<string> DescribeAsync(Func<Task<string>> user)
            {
                s_version ??= File.ReadAllText("/etc/os-release");
                if (s_machineId is null)
                {
                    s_machineId = File.ReadAllText("/etc/machine-id").Trim();
                }

                if (s_mounts == null)
                {
                    lock (s_gate)
                    {
                        if (s_mounts == null)
                        {
                            using var reader = new StreamReader("/etc/fstab");
                            s_mounts = reader.ReadToEnd().Split('\n');
                        }
                    }
                }

                return s_version + s_machineId + s_mounts.Length + await user();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_whose_local_function_reads_a_file_into_a_static_cache() => TW104.VerifyAnalyzerAsync(Usings + """
        public static class PlatformUtils
        {
            private static string? s_distroVersion;

            public static string GetPlatformInformation() => "linux " + GetOSVersion();

            private static string GetOSVersion()
            {
                return s_distroVersion ??= GetDistroVersion();

                string GetDistroVersion()
                {
                    foreach (var path in new[] { "/etc/os-release", "/usr/lib/os-release" })
                    {
                        if (!File.Exists(path))
                        {
                            continue;
                        }

                        var props = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        foreach (var line in File.ReadAllLines(path))
                        {
                            var pair = line.Split(new[] { '=' }, 2);
                            if (pair.Length == 2)
                            {
                                props[pair[0]] = pair[1].Trim('"');
                            }
                        }

                        return props.TryGetValue("VERSION_ID", out var version) ? version : "unknown";
                    }

                    return "unknown";
                }
            }
        }

        public sealed class GenericHostProvider
        {
            public async Task<string> GetCredentialAsync(Func<Task<string>> token)
            {
                var header = PlatformUtils.GetPlatformInformation();
                return header + await token();
            }
        }
        """);

    [Fact]
    public Task Flags_local_file_reads_into_instance_fields_and_network_reads_into_static_ones() => TW102.VerifyAnalyzerAsync(Usings + """
        public sealed class Settings
        {
            private static System.Net.Http.HttpResponseMessage? s_feed;
            private string? _json;

            public async Task<string> LoadAsync(System.Net.Http.HttpClient client, Func<Task<string>> user)
            {
                // Once per object, and an object may be made per request.
                _json ??= [|File.ReadAllText("settings.json")|];
                // Once per process, but a network round trip.
                s_feed ??= [|client.Send(new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "https://example.com/feed"))|];
                // Read every call: the cache is only written after it.
                var text = [|File.ReadAllText("settings.json")|];
                return _json + text + s_feed.StatusCode + await user();
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_whose_local_function_is_also_called_another_way_or_handed_out() => TW104.VerifyAnalyzerAsync(Usings + """
        public static class Versions
        {
            private static string? s_version;
            private static Func<string>? s_reader;

            public static string Current()
            {
                s_version ??= Read();
                return Read();

                string Read() => File.ReadAllText("/etc/os-release");
            }

            public static string Cached()
            {
                s_version ??= Read();
                s_reader = Read;
                return s_version;

                string Read() => File.ReadAllText("/etc/os-release");
            }

            private static string? s_other;

            public static string ByMethod() => s_other ??= ReadVersion();

            // A method, not a local function: any other code may call it.
            private static string ReadVersion() => File.ReadAllText("/etc/os-release");
        }

        public sealed class Reporter
        {
            public async Task<string> ReportAsync(Func<Task<string>> user)
            {
                var first = {|#0:Versions.Current()|};
                var second = {|#1:Versions.Cached()|};
                return first + second + await user();
            }

            public async Task<string> HeaderAsync(Func<Task<string>> user)
            {
                var version = {|#2:Versions.ByMethod()|};
                return version + await user();
            }
        }
        """,
        TW104.Diagnostic().WithLocation(0),
        TW104.Diagnostic().WithLocation(1),
        TW104.Diagnostic().WithLocation(2));
}
