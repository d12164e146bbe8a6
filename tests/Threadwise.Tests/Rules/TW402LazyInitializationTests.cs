using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>TW402: one-time initialisation of a field under a lock, and writes through copies of the locked writer.</summary>
public class TW402LazyInitializationTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag: one-time initialisation ---------------------------------------------------------------

    [Fact]
    public Task Ignores_io_in_a_lazy_getter_checked_outside_the_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class ClusterClient
        {
            private readonly object _primaryGate = new object();
            private readonly string _seedHost;
            private ClusterClient? _primary;

            public ClusterClient(string seedHost) => _seedHost = seedHost;

            public ClusterClient Primary
            {
                get
                {
                    if (_primary == null)
                    {
                        lock (_primaryGate)
                        {
                            var addresses = Dns.GetHostAddresses(_seedHost);
                            var topology = File.ReadAllText("topology.json");
                            _primary = new ClusterClient(addresses[0] + topology);
                        }
                    }

                    return _primary;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_io_in_double_checked_initialisation() => Verify.VerifyAnalyzerAsync(Usings + """
        class CertificateStore
        {
            private static readonly object Gate = new object();
            private static byte[]? s_rootCertificate;
            private readonly object _gate = new object();
            private Socket? _control;

            public static byte[] RootCertificate(string path)
            {
                if (s_rootCertificate is null)
                {
                    lock (Gate)
                    {
                        if (s_rootCertificate is null)
                        {
                            s_rootCertificate = File.ReadAllBytes(path);
                        }
                    }
                }

                return s_rootCertificate;
            }

            public Socket Control(EndPoint server)
            {
                if (this._control == null)
                {
                    lock (_gate)
                    {
                        if (null == this._control)
                        {
                            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            socket.Connect(server);
                            Volatile.Write(ref _control, socket);
                        }
                    }
                }

                return _control!;
            }
        }
        """);

    [Fact]
    public Task Ignores_io_under_a_flag_or_HasValue_or_coalescing_assignment() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReplicaLink
        {
            private readonly object _gate = new object();
            private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            private readonly Stream _handshake;
            private bool _connected;
            private int? _protocolVersion;
            private string? _banner;

            public ReplicaLink(Stream handshake) => _handshake = handshake;

            public void EnsureConnected(EndPoint endPoint)
            {
                lock (_gate)
                {
                    if (!_connected)
                    {
                        _socket.Connect(endPoint);
                        _connected = true;
                    }
                }
            }

            public int ProtocolVersion(byte[] buffer)
            {
                lock (_gate)
                {
                    if (!_protocolVersion.HasValue && _connected)
                    {
                        var read = _handshake.Read(buffer, 0, 4);
                        _protocolVersion = BitConverter.ToInt32(buffer, 0) + read;
                    }

                    return _protocolVersion ?? 0;
                }
            }

            public string Banner(string path)
            {
                lock (_gate)
                {
                    return _banner ??= File.ReadAllText(path);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_io_after_an_early_return_of_the_initialised_field() => Verify.VerifyAnalyzerAsync(Usings + """
        class SchemaCache
        {
            private readonly object _sync = new object();
            private string? _schema;

            public string Schema(string path)
            {
                lock (_sync)
                {
                    if (_schema != null)
                    {
                        return _schema;
                    }

                    var text = File.ReadAllText(path);
                    Interlocked.Exchange(ref _schema, text.Trim());
                    return _schema;
                }
            }
        }
        """);

    // ---- must flag: not one-time initialisation -------------------------------------------------------------

    [Fact]
    public Task Flags_io_beside_or_outside_the_initialisation_branch() => Verify.VerifyAnalyzerAsync(Usings + """
        class SchemaCache
        {
            private readonly object _sync = new object();
            private string? _schema;
            private string? _lastPath;

            public string Schema(string path, Stream audit, byte[] entry)
            {
                lock (_sync)
                {
                    if (_schema == null)
                    {
                        _schema = "{}";
                    }

                    [|audit.Write(entry, 0, entry.Length)|];
                    if (_schema == null)
                    {
                        _lastPath = [|File.ReadAllText(path)|];
                    }

                    return _schema;
                }
            }
        }
        """);

    [Fact]
    public Task Flags_io_on_the_initialised_field_and_outer_checks_whose_lock_assigns_nothing() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReplicaLink
        {
            private readonly object _gate = new object();
            private Stream? _stream;
            private string? _banner;

            public void Send(byte[] frame, string path)
            {
                lock (_gate)
                {
                    if (_stream != null)
                    {
                        [|_stream.Write(frame, 0, frame.Length)|];
                    }
                }

                if (_banner == null)
                {
                    lock (_gate)
                    {
                        Console.WriteLine([|File.ReadAllText(path)|]);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_task_and_thread_waits_inside_lazy_initialisation() => Verify.VerifyAnalyzerAsync(Usings + """
        class TokenCache
        {
            private readonly object _gate = new object();
            private string? _token;
            private string? _toolVersion;

            public string Token(Func<Task<string>> fetch)
            {
                lock (_gate)
                {
                    if (_token == null)
                    {
                        _token = [|fetch().Result|];
                    }

                    return _token;
                }
            }

            public string ToolVersion(System.Diagnostics.Process probe)
            {
                lock (_gate)
                {
                    if (_toolVersion == null)
                    {
                        [|probe.WaitForExit()|];
                        _toolVersion = probe.ExitCode.ToString();
                    }

                    return _toolVersion;
                }
            }
        }
        """);

    // ---- must not flag: the lock is on a copy of the writer that the call writes through -----------------------

    [Fact]
    public Task Ignores_writes_through_another_copy_of_the_locked_writer_field() => Verify.VerifyAnalyzerAsync(Usings + """
        class ConsoleMirrorLogger
        {
            private TextWriter? _output;

            public ConsoleMirrorLogger(TextWriter output) => _output = output;

            public void Log(string line)
            {
                if (_output is { } output)
                {
                    lock (output)
                    {
                        // Detach may have run while we queued on the lock: read the field again.
                        if (_output is { } current)
                        {
                            current.Write(DateTime.UtcNow.ToString("HH:mm:ss "));
                            current.WriteLine(line);
                        }
                    }
                }
            }

            public void Flush()
            {
                if (_output is TextWriter writer)
                {
                    lock (writer)
                    {
                        _output?.Flush();
                        writer.Flush();
                    }
                }
            }

            public void Detach()
            {
                var output = _output;
                if (output != null)
                {
                    lock (output)
                    {
                        _output = null;
                        output.Flush();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_writes_through_a_copy_of_another_field_or_a_reassigned_copy() => Verify.VerifyAnalyzerAsync(Usings + """
        class MirroredLogger
        {
            private TextWriter? _primary;
            private TextWriter? _mirror;

            public void Log(string line, TextWriter fallback)
            {
                if (_primary is { } primary)
                {
                    lock (primary)
                    {
                        primary.WriteLine(line);
                        if (_mirror is { } mirror)
                        {
                            [|mirror.WriteLine(line)|];
                        }

                        var target = _primary;
                        target = fallback;
                        [|target.WriteLine(line)|];
                    }
                }
            }
        }
        """);
}
