using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>TW402: a lock object whose only job is to serialize whole-file writes to one path.</summary>
public class TW402FileGateTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;

        """;

    [Fact]
    public Task Ignores_appends_under_a_gate_that_only_serializes_one_file() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class TimingJournal
        {
            private readonly object _journalGate = new object();
            private readonly string? _journalPath;
            private readonly Action<Exception> _onError;

            public TimingJournal(string? journalPath, Action<Exception> onError)
            {
                _journalPath = journalPath;
                _onError = onError;
            }

            public void Mark(string phase)
            {
                if (string.IsNullOrEmpty(_journalPath))
                {
                    return;
                }

                var line = phase.Replace(':', '_') + ":" + DateTime.UtcNow.ToString("O");
                lock (_journalGate)
                {
                    try
                    {
                        File.AppendAllLines(_journalPath, new[] { line });
                    }
                    catch (IOException ex)
                    {
                        _onError(ex);
                    }
                }
            }

            public void Reset()
            {
                lock (this._journalGate)
                {
                    File.WriteAllText(_journalPath!, string.Empty);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_static_gate_for_a_static_audit_file() => Verify.VerifyAnalyzerAsync(Usings + """
        static class AuditFile
        {
            private static readonly object Gate = new object();
            private static string s_path = "audit.log";

            public static void Append(string user, string action)
            {
                lock (Gate)
                {
                    File.AppendAllText(s_path, user + " " + action + Environment.NewLine);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_file_writes_under_a_gate_that_also_guards_state_or_other_files() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SpoolWriter
        {
            private readonly object _gate = new object();
            private readonly object _exportGate = new object();
            private readonly object _sharedGate = new object();
            private readonly string _spoolPath = "spool.txt";
            private readonly string _indexPath = "spool.idx";
            private readonly List<string> _pending = new List<string>();
            private int _written;

            public void Write(string line)
            {
                lock (_gate)
                {
                    [|File.AppendAllText(_spoolPath, line)|];
                    _written++;
                }

                lock (_exportGate)
                {
                    [|File.AppendAllText(_spoolPath, line)|];
                    [|File.WriteAllText(_indexPath, line)|];
                }

                lock (_sharedGate)
                {
                    [|File.AppendAllText(_spoolPath, line)|];
                }
            }

            public void Queue(string line)
            {
                lock (_sharedGate)
                {
                    _pending.Add(line);
                }
            }

            public void Local(string path, string line)
            {
                lock (_exportGate)
                {
                    [|File.AppendAllText(path, line)|];
                }
            }
        }
        """);
}
