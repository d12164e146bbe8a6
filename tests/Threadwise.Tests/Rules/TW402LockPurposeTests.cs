using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW402 where the lock exists for the very thing that blocks (issue 10, corpus shapes): a writer that only the lock's
/// bodies use, a handshake the lock serialises, and the type's own threads joined while it is torn down. The neighbours
/// show where each line is.
/// </summary>
public class TW402LockPurposeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- the lock guards the writer: must not flag --------------------------------------------------------------

    [Fact]
    public Task Ignores_a_log_file_writer_that_only_the_gate_bodies_use() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class RollingTextLog : IDisposable
        {
            private readonly StreamWriter _sink;
            private readonly object _sinkGate;

            public RollingTextLog(string path)
            {
                _sink = new StreamWriter(File.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read), Encoding.UTF8);
                _sinkGate = new object();
            }

            public void Write(string category, string text)
            {
                var line = DateTime.UtcNow.ToString("O") + " [" + category + "] " + text;
                lock (_sinkGate)
                {
                    _sink.WriteLine(line);
                    _sink.Flush();
                }
            }

            public void Dispose() => _sink.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_a_stream_created_by_its_field_initializer_and_written_under_this_dot_gate() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SampleRecorder
        {
            private readonly object _gate = new object();
            private readonly FileStream _samples = new FileStream("samples.bin", FileMode.Create);

            public void Record(byte[] frame)
            {
                lock (this._gate)
                {
                    _samples.Write(frame, 0, frame.Length);
                }
            }

            public void Checkpoint()
            {
                lock (_gate)
                {
                    this._samples.Flush();
                }
            }

            public void Close()
            {
                _samples?.Dispose();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_file_writer_created_inside_a_lock_on_this() => Verify.VerifyAnalyzerAsync(Usings + """
        public class PermissionTable
        {
            private readonly Dictionary<string, string> _grants = new Dictionary<string, string>();

            public void Export(string path)
            {
                // one export at a time: two would interleave lines in the same file
                lock (this)
                {
                    StreamWriter? output = null;
                    try
                    {
                        output = new StreamWriter(path, append: false, Encoding.UTF8, 1 << 15) { AutoFlush = false };
                        foreach (var grant in _grants)
                        {
                            output.WriteLine(grant.Key + "=" + grant.Value);
                        }

                        output.Flush();
                    }
                    finally
                    {
                        output?.Close();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_file_stream_opened_by_File_inside_the_gate() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SnapshotStore
        {
            private static readonly object s_exportGate = new object();

            public static void Save(string path, byte[] image)
            {
                lock (s_exportGate)
                {
                    using var file = File.Create(path);
                    file.Write(image, 0, image.Length);
                    file.Flush(true);
                }
            }
        }
        """);

    // ---- the lock guards the writer: neighbours that stay reported -----------------------------------------------

    [Fact]
    public Task Ignores_a_console_helper_whose_locks_only_write_to_the_writers_handed_in() => Verify.VerifyAnalyzerAsync(Usings + """
        // NLog's console helper: one static gate serialises every line written to Console.Out or Console.Error, so a
        // thread that waits for it wants to write too.
        static class ConsoleLines
        {
            private static readonly object _lockObject = new object();

            public static void WriteLineThreadSafe(TextWriter console, string message, bool flush = false)
            {
                lock (_lockObject)
                {
                    console.WriteLine(message);
                    if (flush)
                        console.Flush();
                }
            }

            public static void WriteBufferThreadSafe(TextWriter console, char[] buffer, int length, bool flush = false)
            {
                lock (_lockObject)
                {
                    console.Write(buffer, 0, length);
                    if (flush)
                        console.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_writer_handed_in_where_a_lock_on_the_gate_does_more_than_write() => Verify.VerifyAnalyzerAsync(Usings + """
        static class ConsoleLines
        {
            private static readonly object _gate = new object();
            private static int _written;

            public static void WriteLine(TextWriter console, string message)
            {
                lock (_gate)
                {
                    [|console.WriteLine(message)|];
                    _written++;
                }
            }
        }

        static class Report
        {
            private static readonly object _gate = new object();

            public static void Write(TextWriter output, string[] cells)
            {
                lock (_gate)
                {
                    [|output.WriteLine(string.Join(",", cells))|];
                    [|output.Flush()|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_writer_under_a_gate_that_also_guards_state() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CountingLog
        {
            private readonly object _gate = new object();
            private readonly StreamWriter _sink = new StreamWriter("app.log");
            private int _written;

            public void Write(string line)
            {
                lock (_gate)
                {
                    _written++;
                    [|_sink.WriteLine(line)|];
                }
            }

            public int Written
            {
                get { lock (_gate) { return _written; } }
            }
        }
        """);

    [Fact]
    public Task Flags_a_writer_handed_in_or_used_outside_the_gate() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SharedSink
        {
            private readonly object _gate = new object();
            private readonly TextWriter _given;
            private readonly StreamWriter _own = new StreamWriter("own.log");

            public SharedSink(TextWriter given) => _given = given;

            public void Write(string line)
            {
                lock (_gate)
                {
                    [|_given.WriteLine(line)|];
                    [|_own.WriteLine(line)|];
                }
            }

            public void FlushNow() => _own.Flush();
        }
        """);

    [Fact]
    public Task Flags_a_local_copy_of_a_field_writer_and_a_gate_used_elsewhere() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Exporter
        {
            private readonly object _gate = new object();
            private StreamWriter _current = new StreamWriter("current.csv");

            public void Append(string row)
            {
                lock (_gate)
                {
                    var writer = _current;
                    [|writer.WriteLine(row)|];
                }
            }

            public void Export(string path, string text)
            {
                lock (_gate)
                {
                    using var output = new StreamWriter(path);
                    [|output.Write(text)|];
                }

                Monitor.Enter(_gate);
                Monitor.Exit(_gate);
            }
        }
        """);

    // ---- the lock guards the wait: must not flag -----------------------------------------------------------------

    [Fact]
    public Task Ignores_a_handshake_that_the_lock_serialises() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Epochs
        {
            public void Advance(Action onAllObserved) => ThreadPool.QueueUserWorkItem(_ => onAllObserved());
        }

        sealed class CompactionSwitch
        {
            private readonly Epochs _epochs = new Epochs();
            private readonly ManualResetEventSlim _allObserved = new ManualResetEventSlim(false);
            private readonly object _switchGate = new object();

            public void Suspend(TimeSpan timeout, CancellationToken token)
            {
                lock (_switchGate)
                {
                    _allObserved.Reset();
                    _epochs.Advance(() => _allObserved.Set());
                    _allObserved.Wait(timeout, token);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_handshake_on_a_wait_handle_with_a_timeout() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class FlushBarrier
        {
            private readonly ManualResetEvent _flushed = new ManualResetEvent(false);
            private readonly object _flushGate = new object();

            public bool FlushAll(IReadOnlyList<Action> flushers)
            {
                lock (_flushGate)
                {
                    _flushed.Reset();
                    ThreadPool.QueueUserWorkItem(_ =>
                    {
                        foreach (var flush in flushers)
                        {
                            flush();
                        }

                        _flushed.Set();
                    });
                    return _flushed.WaitOne(2000);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_handshake_in_a_partial_type_whose_other_files_never_mention_the_gate()
    {
        var test = new Verify.Test();
        test.Sources.Add(Usings + """
            partial class SegmentStore
            {
                private readonly ManualResetEventSlim _quiesced = new ManualResetEventSlim(false);
                private readonly object _quiesceGate = new object();

                public void Quiesce(TimeSpan timeout)
                {
                    lock (_quiesceGate)
                    {
                        _quiesced.Reset();
                        ThreadPool.UnsafeQueueUserWorkItem(_ => _quiesced.Set(), null);
                        _quiesced.Wait(timeout);
                    }
                }
            }
            """);
        test.Sources.Add("""
            partial class SegmentStore
            {
                private readonly object _other = new object();

                public int Segments { get { lock (_other) { return 0; } } }
            }
            """);
        return test.RunAsync();
    }

    // ---- the lock guards the wait: neighbours that stay reported -------------------------------------------------

    [Fact]
    public Task Flags_a_wait_for_a_reply_that_someone_else_signals() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class RequestChannel
        {
            private readonly AutoResetEvent _reply = new AutoResetEvent(false);
            private readonly object _sendGate = new object();

            public bool Send(Action<byte[]> transmit, byte[] request)
            {
                lock (_sendGate)
                {
                    _reply.Reset();
                    transmit(request);
                    return [|_reply.WaitOne(5000)|];
                }
            }

            public void OnReply() => _reply.Set();
        }
        """);

    [Fact]
    public Task Flags_a_handshake_whose_gate_also_guards_other_work() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Pauser
        {
            private readonly ManualResetEventSlim _observed = new ManualResetEventSlim(false);
            private readonly object _gate = new object();
            private int _pauses;

            public void Pause(int milliseconds)
            {
                lock (_gate)
                {
                    _observed.Reset();
                    ThreadPool.QueueUserWorkItem(_ => _observed.Set());
                    [|_observed.Wait(milliseconds)|];
                }
            }

            public void Count()
            {
                lock (_gate)
                {
                    _pauses++;
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_handshake_when_another_part_of_the_type_locks_the_gate_too()
    {
        var test = new Verify.Test();
        test.Sources.Add(Usings + """
            partial class SegmentStore
            {
                private readonly ManualResetEventSlim _quiesced = new ManualResetEventSlim(false);
                private readonly object _quiesceGate = new object();

                public void Quiesce(TimeSpan timeout)
                {
                    lock (_quiesceGate)
                    {
                        _quiesced.Reset();
                        ThreadPool.UnsafeQueueUserWorkItem(_ => _quiesced.Set(), null);
                        [|_quiesced.Wait(timeout)|];
                    }
                }
            }
            """);
        test.Sources.Add("""
            partial class SegmentStore
            {
                private int _segments;

                public void Add() { lock (_quiesceGate) { _segments++; } }
            }
            """);
        return test.RunAsync();
    }

    // ---- the owner's threads joined on teardown: must not flag ---------------------------------------------------

    [Fact]
    public Task Ignores_Dispose_joining_the_owned_worker_threads_under_the_create_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CompletionPump : IDisposable
        {
            private readonly object _createLock = new object();
            private CancellationTokenSource? _stop;
            private Thread[]? _drainers;
            private Thread? _watchdog;

            public void Dispose()
            {
                lock (_createLock)
                {
                    if (_drainers != null)
                    {
                        _stop?.Cancel();
                        foreach (var drainer in _drainers)
                        {
                            drainer?.Join();
                        }

                        _drainers = null;
                    }

                    _watchdog?.Join();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_Dispose_bool_joining_an_owned_thread_list() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReplayEngine : IDisposable
        {
            private readonly object _sync = new object();
            private readonly List<Thread> _replayers = new List<Thread>();

            protected virtual void Dispose(bool disposing)
            {
                if (!disposing)
                {
                    return;
                }

                lock (_sync)
                {
                    foreach (var replayer in _replayers)
                        replayer.Join(TimeSpan.FromSeconds(5));
                }
            }

            public void Dispose() => Dispose(true);
        }
        """);

    [Fact]
    public Task Ignores_joining_started_threads_in_a_catch_that_rethrows() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class RingDevice
        {
            private readonly object _createLock = new object();
            private Thread[]? _reapers;
            private CancellationTokenSource? _stop;

            public void EnsureCreated(int rings)
            {
                lock (_createLock)
                {
                    try
                    {
                        _stop = new CancellationTokenSource();
                        _reapers = new Thread[rings];
                        for (var i = 0; i < rings; i++)
                        {
                            var reaper = new Thread(() => { }) { IsBackground = true };
                            reaper.Start();
                            _reapers[i] = reaper;
                        }
                    }
                    catch
                    {
                        try
                        {
                            _stop?.Cancel();
                            foreach (var reaper in _reapers ?? Array.Empty<Thread>())
                                reaper?.Join();
                        }
                        finally
                        {
                            _reapers = null;
                        }

                        throw;
                    }
                }
            }
        }
        """);

    // ---- the owner's threads joined on teardown: neighbours that stay reported -----------------------------------

    [Fact]
    public Task Flags_joins_outside_teardown_and_waits_on_what_the_type_does_not_own() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Supervisor : IDisposable
        {
            private readonly object _gate = new object();
            private readonly Thread _worker = new Thread(() => { });
            private Process? _child;
            private Task? _flush;

            public void Restart()
            {
                lock (_gate)
                {
                    [|_worker.Join()|];
                }
            }

            public void Dispose()
            {
                lock (_gate)
                {
                    _child?[|.WaitForExit(5000)|];
                    _flush?[|.Wait(1000)|];
                }
            }

            public void Dispose(Thread borrowed)
            {
                lock (_gate)
                {
                    [|borrowed.Join()|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_joins_in_a_catch_that_swallows_the_failure() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Restarter
        {
            private readonly object _gate = new object();
            private Thread? _loop;

            public void Start()
            {
                lock (_gate)
                {
                    try
                    {
                        _loop = new Thread(() => { });
                        _loop.Start();
                    }
                    catch (Exception)
                    {
                        _loop?[|.Join()|];
                    }
                }
            }
        }
        """);
}
