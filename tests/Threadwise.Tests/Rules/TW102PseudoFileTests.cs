using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Kernel pseudo-files (/proc/.., reads of /sys/.., /dev/null) are answered from memory: their sync File calls are not
/// TW102. Real files, writes to /sys, other /dev devices and paths whose prefix is not in the source still are.
/// </summary>
public class TW102PseudoFileTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_oom_score_write_to_proc_through_an_interpolated_local() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class WorkerLauncher
        {
            public async Task<int> RunAsync(ProcessStartInfo info)
            {
                using var process = Process.Start(info)!;
                try
                {
                    var scorePath = $"/proc/{process.Id}/oom_score_adj";
                    if (File.Exists(scorePath))
                    {
                        File.WriteAllText(scorePath, "500");
                    }
                }
                catch (IOException)
                {
                }

                await process.WaitForExitAsync();
                return process.ExitCode;
            }
        }
        """);

    [Fact]
    public Task Ignores_proc_and_sys_reads_by_constant_and_concatenated_paths() => Verify.VerifyAnalyzerAsync(Usings + """
        static class HostLimits
        {
            private const string CgroupMemoryMax = "/sys/fs/cgroup/memory.max";

            public static async Task<(string Memory, string Limit, string[] Status)> ReadAsync(int pid)
            {
                await Task.Yield();
                var memory = File.ReadAllText("/proc/meminfo");
                var limit = File.ReadAllText(CgroupMemoryMax);
                var status = File.ReadAllLines("/proc/" + pid + "/status");
                return (memory, limit, status);
            }
        }
        """);

    [Fact]
    public Task Ignores_reader_opened_on_proc_self_and_writes_to_dev_null() => Verify.VerifyAnalyzerAsync(Usings + """
        static class SelfInspector
        {
            public static async Task<string?> FirstMountAsync()
            {
                await Task.Yield();
                using var reader = new StreamReader("/proc/self/mountinfo");
                var first = reader.ReadLine();
                File.WriteAllText("/dev/null", first ?? string.Empty);
                return first;
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_real_files_sys_writes_and_paths_without_a_constant_prefix() => Verify.VerifyAnalyzerAsync(Usings + """
        static class DeviceSettings
        {
            public static async Task ApplyAsync(string root, string gpio, int pid)
            {
                await Task.Yield();
                {|#0:File.WriteAllText($"/sys/class/gpio/{gpio}/value", "1")|};
                {|#1:File.ReadAllText(root + "/proc/settings")|};
                {|#2:File.ReadAllText($"/procfs/{pid}")|};
                {|#3:File.ReadAllText("/dev/ttyS0")|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0),
        Verify.Diagnostic().WithLocation(1),
        Verify.Diagnostic().WithLocation(2),
        Verify.Diagnostic().WithLocation(3));
}
