using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW402BlockingInLockTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Result_inside_lock_in_synchronous_code_with_the_message_naming_the_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private string? _value;

            public string Get(Func<Task<string>> load)
            {
                lock (_gate)
                {
                    return _value ??= {|#0:load().Result|};
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'load().Result' blocks while the lock on '_gate' is held: every thread that needs the lock waits for it too"));

    [Fact]
    public Task Flags_waits_inside_lock_in_async_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();

            public async Task RefreshAsync(Task pending, Task<int> count)
            {
                await Task.Yield();
                lock (_gate)
                {
                    [|pending.Wait()|];
                    var n = [|count.GetAwaiter().GetResult()|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_synchronous_IO_and_sleep_inside_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Log
        {
            private readonly object _sync = new object();

            public string Reload(string path, Stream stream, byte[] buffer)
            {
                lock (_sync)
                {
                    [|Thread.Sleep(100)|];
                    var read = [|stream.Read(buffer, 0, buffer.Length)|];
                    return [|File.ReadAllText(path)|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_blocking_between_Monitor_Enter_and_Exit() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();

            public string Load(string path)
            {
                bool taken = false;
                try
                {
                    Monitor.Enter(_gate, ref taken);
                    return {|#0:File.ReadAllText(path)|};
                }
                finally
                {
                    if (taken) Monitor.Exit(_gate);
                }
            }

            public void Save(string path, string text)
            {
                Monitor.Enter(_gate);
                try
                {
                    [|File.WriteAllText(path, text)|];
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'File.ReadAllText' blocks while the lock on '_gate' is held: every thread that needs the lock waits for it too"));

    [Fact]
    public Task Flags_blocking_between_Monitor_Enter_and_Exit_statements_without_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private string _text = "";

            public void Load(string path)
            {
                Monitor.Enter(_gate);
                var text = [|File.ReadAllText(path)|];
                _text = text;
                Monitor.Exit(_gate);
            }
        }
        """);

    [Fact]
    public Task Flags_waiting_for_a_semaphore_inside_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pool
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);

            public void Rent()
            {
                lock (_gate)
                {
                    [|_slots.Wait()|];
                }
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_lock_bodies_that_only_touch_memory() => Verify.VerifyAnalyzerAsync(Usings + """
        class Queue
        {
            private readonly object _gate = new object();
            private readonly List<string> _items = new List<string>();
            private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
            private int _version;

            public void Add(string item)
            {
                lock (_gate)
                {
                    _items.Add(item);
                    _counts[item] = _counts.TryGetValue(item, out var n) ? n + 1 : 1;
                    _version++;
                    Interlocked.Increment(ref _version);
                    Monitor.PulseAll(_gate);
                }
            }

            public string Take()
            {
                lock (_gate)
                {
                    while (_items.Count == 0)
                    {
                        Monitor.Wait(_gate);
                    }

                    var item = _items[0];
                    _items.RemoveAt(0);
                    return item;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_IO_done_before_or_after_the_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Settings
        {
            private readonly object _gate = new object();
            private string _text = "";

            public void Reload(string path)
            {
                var text = File.ReadAllText(path);
                lock (_gate)
                {
                    _text = text;
                }

                File.WriteAllText(path + ".bak", text);
            }
        }
        """);

    [Fact]
    public Task Ignores_lambdas_created_inside_the_lock_which_run_later() => Verify.VerifyAnalyzerAsync(Usings + """
        class Loader
        {
            private readonly object _gate = new object();
            private Task<string>? _pending;

            public Task<string> Load(string path)
            {
                lock (_gate)
                {
                    return _pending ??= Task.Run(() => File.ReadAllText(path));
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_tasks_known_to_be_completed_and_zero_timeouts() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _slots = new SemaphoreSlim(1);

            public int Peek(Task<int> pending)
            {
                lock (_gate)
                {
                    if (pending.IsCompleted)
                    {
                        return pending.Result;
                    }

                    if (_slots.Wait(0))
                    {
                        _slots.Release();
                    }

                    return Task.FromResult(0).Result;
                }
            }
        }
        """);

    // MassTransit's cache value evicts under lock(this) and reads the value only when a property says it completed.
    [Fact]
    public Task Ignores_a_task_read_under_a_property_that_tests_its_status() => Verify.VerifyAnalyzerAsync(Usings + """
        public class CacheValue<TValue> where TValue : class
        {
            private readonly TaskCompletionSource<TValue> _value = new TaskCompletionSource<TValue>();

            public bool HasValue => _value.Task.Status == TaskStatus.RanToCompletion;

            public virtual bool MayHaveValue => _value.Task.IsCompleted;

            public void Evict()
            {
                lock (this)
                {
                    if (HasValue && _value.Task.Result is IDisposable disposable)
                    {
                        disposable.Dispose();
                    }

                    if (MayHaveValue && [|_value.Task.Result|] is IAsyncDisposable)
                    {
                        return;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_in_memory_writers_the_console_cancellation_and_timer_disposal() => Verify.VerifyAnalyzerAsync(Usings + """
        class Recorder
        {
            private readonly object _gate = new object();
            private readonly StringWriter _log = new StringWriter();
            private readonly MemoryStream _buffer = new MemoryStream();
            private CancellationTokenSource _cts = new CancellationTokenSource();
            private Timer? _timer;

            public void Stop(byte[] data)
            {
                lock (_gate)
                {
                    _log.WriteLine("stopping");
                    _buffer.Write(data, 0, data.Length);
                    Console.WriteLine("stopping");
                    _cts.Cancel();
                    _cts.Dispose();
                    _timer?.Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_IO_before_Monitor_Enter_in_the_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private string _text = "";

            public void Load(string path)
            {
                bool taken = false;
                try
                {
                    var text = File.ReadAllText(path);
                    Monitor.Enter(_gate, ref taken);
                    _text = text;
                }
                finally
                {
                    if (taken) Monitor.Exit(_gate);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_IO_after_the_Monitor_Exit_statement() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private string _path = "";

            public string Load()
            {
                Monitor.Enter(_gate);
                var path = _path;
                Monitor.Exit(_gate);
                var text = File.ReadAllText(path);
                Monitor.Enter(_gate);
                try { _path = path; } finally { Monitor.Exit(_gate); }
                return text;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_try_finally_that_releases_a_semaphore_rather_than_a_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

            public async Task SaveAsync(string path, string text)
            {
                await _gate.WaitAsync();
                try
                {
                    await File.WriteAllTextAsync(path, text);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """);
    // ---- the lock serializes the very object the call writes to --------------------------------------------------

    [Fact]
    public Task Ignores_writes_to_the_writer_that_the_lock_guards() => Verify.VerifyAnalyzerAsync(Usings + """
        class FileLogSink : IDisposable
        {
            private readonly TextWriter _writer;

            public FileLogSink(TextWriter writer) => _writer = writer;

            public void Log(string level, string message)
            {
                lock (_writer)
                {
                    _writer.Write(level);
                    _writer.Write(": ");
                    _writer.WriteLine(message);
                    _writer.Flush();
                }
            }

            public void Dispose()
            {
                lock (this._writer)
                {
                    _writer.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_frames_written_to_the_stream_the_lock_guards() => Verify.VerifyAnalyzerAsync(Usings + """
        class SerialPortChannel
        {
            private Stream Port { get; }

            public SerialPortChannel(Stream port) => Port = port;

            public void SendFrame(byte[] header, byte[] payload)
            {
                lock (Port)
                {
                    Port.Write(header, 0, header.Length);
                    Port.Write(payload, 0, payload.Length);
                    Port.Flush();
                }
            }

            public static void Append(BinaryWriter journal, long offset, byte[] record)
            {
                lock (journal)
                {
                    journal.Write(offset);
                    journal.Write(record);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_writer_guarded_by_Monitor_Enter_on_itself() => Verify.VerifyAnalyzerAsync(Usings + """
        class AuditTrail
        {
            private static readonly StreamWriter Output = new StreamWriter("audit.log");

            public static void Record(string entry)
            {
                var taken = false;
                try
                {
                    Monitor.Enter(Output, ref taken);
                    Output.WriteLine(entry);
                    Output.Flush();
                }
                finally
                {
                    if (taken)
                    {
                        Monitor.Exit(Output);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_writes_to_another_object_than_the_one_locked() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReplicatedLog
        {
            private readonly object _gate = new object();
            private readonly StreamWriter _primary;
            private readonly StreamWriter _replica;

            public ReplicatedLog(StreamWriter primary, StreamWriter replica)
            {
                _primary = primary;
                _replica = replica;
            }

            public void Append(string line, Stream network, byte[] frame)
            {
                lock (_gate)
                {
                    [|_primary.WriteLine(line)|];
                }

                lock (_primary)
                {
                    _primary.WriteLine(line);
                    [|_replica.WriteLine(line)|];
                    [|network.Write(frame, 0, frame.Length)|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_the_same_field_of_another_instance_and_waits_under_the_writer_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Channel
        {
            private readonly Stream _stream;

            public Channel(Stream stream) => _stream = stream;

            public void Forward(Channel other, byte[] frame, Task pendingAck)
            {
                lock (_stream)
                {
                    [|other._stream.Write(frame, 0, frame.Length)|];
                    [|pendingAck.Wait()|];
                }
            }
        }
        """);
}
