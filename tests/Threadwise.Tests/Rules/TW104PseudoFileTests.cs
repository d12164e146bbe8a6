using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A helper that only touches kernel pseudo-files (/proc/.., reads of /sys/..) has no blocking leaf: TW104 gets exactly
/// TW102's exemptions. A helper that writes a real file is still a leaf.
/// </summary>
public class TW104PseudoFileTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_child_process_priority_helper_writing_proc_oom_score() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ChildProcessRunner
        {
            public async Task<int> RunAsync(ProcessStartInfo info, bool lowPriority)
            {
                using var process = new Process { StartInfo = info };
                process.Start();
                if (lowPriority)
                {
                    Demote(process);
                }

                await process.WaitForExitAsync();
                return process.ExitCode;
            }

            private static void Demote(Process process) => SetOomScore(process.Id, 500);

            private static void SetOomScore(int pid, int score)
            {
                try
                {
                    string path = $"/proc/{pid}/oom_score_adj";
                    if (File.Exists(path))
                    {
                        File.WriteAllText(path, score.ToString());
                    }
                }
                catch (Exception)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_metrics_helper_reading_proc_stat_and_cgroup_limits() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ResourceSampler
        {
            public async Task<long> SampleAsync()
            {
                await Task.Delay(1000);
                return CpuTicks() + MemoryLimit();
            }

            private static long CpuTicks()
            {
                using var stat = File.OpenText("/proc/stat");
                var line = stat.ReadLine() ?? string.Empty;
                return line.Length;
            }

            private static long MemoryLimit() => File.ReadAllText("/sys/fs/cgroup/memory.max").Length;
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_helper_that_writes_a_pid_file_next_to_the_proc_write() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class DaemonHost
        {
            private readonly string _runDirectory;

            public DaemonHost(string runDirectory) => _runDirectory = runDirectory;

            public async Task StartAsync(Process child)
            {
                await Task.Yield();
                {|#0:Register(child.Id)|};
            }

            private void Register(int pid)
            {
                File.WriteAllText($"/proc/{pid}/oom_score_adj", "200");
                File.WriteAllText(Path.Combine(_runDirectory, "child.pid"), pid.ToString());
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));
}
