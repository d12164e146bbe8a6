using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Code that runs once per process — the one-time initialisation of a static field (<c>??=</c>, <c>if (s_f == null)</c>, the
/// double-checked lock) and what it calls. TW104 follows none of it: the first caller pays once, whatever it blocks on
/// (git-credential-manager caches the distribution it reads from <c>/etc/os-release</c>, or from <c>uname</c>, in a static
/// field, and three async commands reach it for their trace header). TW102 leaves its local file I/O unreported, even in a
/// library (a UI thread's few milliseconds, once), and keeps reporting network I/O there, which one await fixes. An
/// instance field (once per object) and a local function also called another way stay reported.
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

                    // No os-release (a non-systemd distribution): at least uname's answer.
                    var psi = new System.Diagnostics.ProcessStartInfo("uname", "-a") { RedirectStandardOutput = true };
                    using var uname = System.Diagnostics.Process.Start(psi)!;
                    uname.WaitForExit();
                    return uname.StandardOutput.ReadToEnd();
                }
            }

            private static string? s_gitVersion;
            private static readonly object s_gate = new object();

            // Any blocking call, run once per process: the first caller pays once.
            public static string GitVersion()
            {
                if (s_gitVersion == null)
                {
                    lock (s_gate)
                    {
                        if (s_gitVersion == null)
                        {
                            s_gitVersion = RunGit("--version");
                        }
                    }
                }

                return s_gitVersion;
            }

            private static string RunGit(string arguments)
            {
                using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments) { RedirectStandardOutput = true })!;
                git.WaitForExit();
                return git.StandardOutput.ReadToEnd();
            }

            private static string? s_shell;

            // The early-return form inside the lock: everything after the return runs once per process.
            public static string Shell()
            {
                lock (s_gate)
                {
                    if (s_shell != null)
                    {
                        return s_shell;
                    }

                    // A call is not followed into a lock body (no await can be written there), a wait in it is a leaf.
                    using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "var GIT_EDITOR") { RedirectStandardOutput = true })!;
                    git.WaitForExit();
                    var shell = git.StandardOutput.ReadToEnd().Trim();
                    s_shell = shell.Length == 0 ? "sh" : shell;
                    return s_shell;
                }
            }
        }

        public sealed class GenericHostProvider
        {
            public async Task<string> GetCredentialAsync(Func<Task<string>> token)
            {
                var header = PlatformUtils.GetPlatformInformation() + PlatformUtils.GitVersion() + PlatformUtils.Shell();
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
    public Task Flags_a_helper_whose_local_function_is_also_called_another_way_or_that_initialises_an_instance_field() => TW104.VerifyAnalyzerAsync(Usings + """
        public sealed class Versions
        {
            private static string? s_version;

            public static string Current()
            {
                s_version ??= Read();
                return Read();

                string Read() => File.ReadAllText("/etc/os-release");
            }


            private string? _gitVersion;

            // Once per object, and an object may be made per request.
            public string GitVersion()
            {
                if (_gitVersion == null)
                {
                    using var git = System.Diagnostics.Process.Start("git", "--version");
                    git.WaitForExit();
                    _gitVersion = "git";
                }

                return _gitVersion;
            }

            private readonly object _gate = new object();
            private string? _editor;

            // The early-return form on an instance field: once per object.
            public string Editor()
            {
                lock (_gate)
                {
                    if (_editor != null)
                    {
                        return _editor;
                    }

                    using var git = System.Diagnostics.Process.Start("git", "var GIT_EDITOR");
                    git.WaitForExit();
                    _editor = "vi";
                    return _editor;
                }
            }

            private static readonly object s_gate = new object();
            private static string? s_pager;

            // Static, but the wait comes before the exit test: it runs on every call.
            public static string Pager()
            {
                lock (s_gate)
                {
                    using var git = System.Diagnostics.Process.Start("git", "var GIT_PAGER");
                    git.WaitForExit();
                    if (s_pager != null)
                    {
                        return s_pager;
                    }

                    s_pager = "less";
                    return s_pager;
                }
            }
        }

        public sealed class Reporter
        {
            public async Task<string> ReportAsync(Func<Task<string>> user)
            {
                var first = {|#0:Versions.Current()|};
                return first + await user();
            }

            public async Task<string> HeaderAsync(Versions versions, Func<Task<string>> user)
            {
                var version = {|#1:versions.GitVersion()|} + {|#2:versions.Editor()|} + {|#3:Versions.Pager()|};
                return version + await user();
            }
        }
        """,
        TW104.Diagnostic().WithLocation(0),
        TW104.Diagnostic().WithLocation(1),
        TW104.Diagnostic().WithLocation(2),
        TW104.Diagnostic().WithLocation(3));
}
