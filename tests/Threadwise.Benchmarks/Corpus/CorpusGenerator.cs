using System.Text;

namespace Threadwise.Benchmarks.Corpus;

/// <summary>One generated source file.</summary>
public sealed record CorpusFile(string Path, string Text);

/// <summary>
/// Generates a realistic, deterministic C# code base for the benchmark and the corpus-wide robustness tests: modules of
/// repositories, services, handlers and helpers, each method drawn (seeded) from a catalogue of correct code and of every
/// misuse the SPEC catalogues (TW1xx blocking, TW2xx CPU work and parallelism, TW3xx async correctness, TW4xx locks across
/// awaits, TW5xx the rest of the async contract), including the traps that must not be flagged. Rules that land later find their patterns already here.
/// The code compiles without errors against the .NET 10 reference assemblies. Shared with Threadwise.Tests as a linked file.
/// </summary>
public static class CorpusGenerator
{
    /// <summary>Lines of code at scale ×1 (each scale multiplies it).</summary>
    public const int LinesPerScale = 10_000;

    public const int DefaultSeed = 20261123;

    public static IReadOnlyList<CorpusFile> Generate(int scale, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        var files = new List<CorpusFile> { new("Shared.cs", SharedSource) };
        var lines = CountLines(SharedSource);
        var target = LinesPerScale * scale;
        for (var module = 0; lines < target; module++)
        {
            var text = Module(random, module);
            files.Add(new CorpusFile($"Module{module:D4}.cs", text));
            lines += CountLines(text);
        }

        return files;
    }

    public static int CountLines(string text)
    {
        var count = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return count;
    }

    public static int CountLines(IEnumerable<CorpusFile> files) => files.Sum(f => CountLines(f.Text));

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Text;
        using System.Text.RegularExpressions;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string SharedSource = Usings + """
        namespace Corpus
        {
            /// <summary>Marks a method as CPU-heavy (TW206 looks for an attribute with this name).</summary>
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class CpuBoundAttribute : Attribute
            {
            }

            public enum IOBehavior
            {
                Synchronous,
                Asynchronous,
            }

            public sealed class OrderEventArgs : EventArgs
            {
                public OrderEventArgs(int id) => Id = id;

                public int Id { get; }
            }

            public static class Checksums
            {
                [CpuBound]
                public static byte[] Digest(byte[] data)
                {
                    var hash = data;
                    for (var round = 0; round < 64; round++)
                    {
                        hash = SHA256.HashData(hash);
                    }

                    return hash;
                }

                public static int Mix(int a, int b) => unchecked(a * 31 + b);
            }

            /// <summary>TW501: a file that configures its awaits with ConfigureAwait(false) (two of every three) forgets one.</summary>
            public static class Archive
            {
                public static async Task<byte[]> ReadAsync(Stream source, CancellationToken cancellationToken)
                {
                    using var copy = new MemoryStream();
                    await source.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                    await copy.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return copy.ToArray();
                }

                public static async Task WriteAsync(Stream target, byte[] data, CancellationToken cancellationToken)
                {
                    await target.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                    await target.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                    await target.FlushAsync(cancellationToken);
                    await Task.Yield();
                }
            }
        }

        """;

    private static string Module(Random random, int m)
    {
        var builder = new StringBuilder(16_000);
        builder.Append(Usings);
        builder.Append($$"""
            namespace Corpus.Module{{m}}
            {
                public sealed record Order{{m}}(int Id, string Name, decimal Amount);

            """);
        builder.Append(Repository(m));
        builder.Append(ClassOf(random, m, "OrderService", ServiceFields(m), ServiceMethods, 7 + random.Next(4)));
        builder.Append(ClassOf(random, m, "OrderHandler", HandlerFields(m), HandlerMethods, 4 + random.Next(3)));
        builder.Append(ClassOf(random, m, "OrderMath", "", HelperMethods, 3 + random.Next(3), isStatic: true));
        builder.Append("}\n");
        return builder.ToString();
    }

    private static string ClassOf(Random random, int m, string name, string fields, Snippet[] catalogue, int count, bool isStatic = false)
    {
        var builder = new StringBuilder();
        builder.Append($$"""

                public {{(isStatic ? "static" : "sealed")}} class {{name}}{{m}}
                {
            {{fields}}
            """);
        for (var k = 0; k < count; k++)
        {
            builder.Append('\n');
            builder.Append(catalogue[random.Next(catalogue.Length)](m, k));
        }

        builder.Append("    }\n");
        return builder.ToString();
    }

    private delegate string Snippet(int m, int k);

    private static string Repository(int m) => $$"""

            public sealed class OrderRepository{{m}} : IDisposable, IAsyncDisposable
            {
                private readonly string _root;
                private readonly Dictionary<int, Order{{m}}> _cache = new();
                private readonly FileStream _log;

                public OrderRepository{{m}}(string root)
                {
                    _root = root;
                    _log = new FileStream(Path.Combine(root, "log{{m}}.txt"), FileMode.Append);
                }

                public Order{{m}} Get(int id)
                {
                    var text = File.ReadAllText(PathOf(id));
                    return Parse(id, text);
                }

                public async Task<Order{{m}}> GetAsync(int id, CancellationToken cancellationToken)
                {
                    if (_cache.TryGetValue(id, out var cached))
                    {
                        return cached;
                    }

                    var text = await File.ReadAllTextAsync(PathOf(id), cancellationToken).ConfigureAwait(false);
                    return _cache[id] = Parse(id, text);
                }

                public void Save(Order{{m}} order) => File.WriteAllText(PathOf(order.Id), order.Name + ";" + order.Amount);

                public Task SaveAsync(Order{{m}} order, CancellationToken cancellationToken) =>
                    File.WriteAllTextAsync(PathOf(order.Id), order.Name + ";" + order.Amount, cancellationToken);

                public Task<int> CountAsync() => Task.FromResult(_cache.Count);

                public Task<Order{{m}}> FindAsync(int id, IOBehavior behavior) =>
                    behavior == IOBehavior.Synchronous ? Task.FromResult(Get(id)) : GetAsync(id, CancellationToken.None);

                // TW503: a guard that returns null as the task; the ValueTask default and the completed task are fine.
                public Task FlushAsync(bool dirty) => dirty ? _log.FlushAsync() : null;

                public ValueTask TouchAsync() => default;

                public Task<OrderRepository{{m}}> OpenAsync() => Task.FromResult(new OrderRepository{{m}}(_root));

                // TW505: the task is disposed, not the repository it opens; the awaited one beside it is fine.
                public async Task<int> CopyAsync()
                {
                    using (OpenAsync())
                    {
                        await Task.Yield();
                    }

                    await using var copy = await OpenAsync();
                    return _cache.Count;
                }

                // TW502: the task still reads the archive after the using disposed it; the completed task is fine.
                public Task ArchiveAsync(Stream target)
                {
                    using (var archive = new FileStream(Path.Combine(_root, "archive{{m}}.txt"), FileMode.Open))
                    {
                        return archive.CopyToAsync(target);
                    }
                }

                public Task<long> ArchiveLengthAsync()
                {
                    using (var archive = new FileStream(Path.Combine(_root, "archive{{m}}.txt"), FileMode.Open))
                    {
                        return Task.FromResult(archive.Length);
                    }
                }

                // TW504: the token is held (not as the last parameter, so CA2016 misses it) but not passed on; None is deliberate.
                public async Task<int> ReloadAsync(CancellationToken cancellationToken, int id)
                {
                    var text = await File.ReadAllTextAsync(PathOf(id));
                    var original = await File.ReadAllTextAsync(PathOf(id), CancellationToken.None);
                    return text.Length + original.Length;
                }

                // TW506: a ValueTask awaited and then read again; the one awaited once beside it is fine.
                public async Task<int> PeekTwiceAsync(Func<ValueTask<int>> peek)
                {
                    var next = peek();
                    var once = await peek();
                    return once + await next + next.Result;
                }

                // TW507: a source completed inside a lock without RunContinuationsAsynchronously; the one with it is fine.
                private readonly object _gate = new object();
                private readonly TaskCompletionSource<int> _saved = new TaskCompletionSource<int>();
                private readonly TaskCompletionSource<int> _flushed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

                public Task<int> Saved => Task.WhenAll(_saved.Task, _flushed.Task).ContinueWith(t => t.Result[0]);

                public void MarkSaved(int count)
                {
                    lock (_gate)
                    {
                        _saved.TrySetResult(count);
                        _flushed.TrySetResult(count);
                    }
                }

                public void Dispose() => _log.Dispose();

                public async ValueTask DisposeAsync() => await _log.DisposeAsync();

                private string PathOf(int id) => Path.Combine(_root, "order" + id + ".txt");

                private static Order{{m}} Parse(int id, string text)
                {
                    var parts = text.Split(';');
                    return new Order{{m}}(id, parts[0], parts.Length > 1 ? decimal.Parse(parts[1]) : 0m);
                }
            }

        """;

    private static string ServiceFields(int m) => $$"""
                private readonly OrderRepository{{m}} _repository = new(Path.GetTempPath());
                private readonly HttpClient _http = new();
                private readonly SemaphoreSlim _gate = new(1, 1);
                private readonly object _sync = new();
                private readonly List<Order{{m}}> _orders = new();
                private readonly string _root = Path.GetTempPath();

                public event EventHandler<OrderEventArgs>? Changed;

        """;

    private static string HandlerFields(int m) => $$"""
                private readonly OrderRepository{{m}} _repository = new(Path.GetTempPath());
                private readonly OrderService{{m}} _service = new();
                private readonly object _sync = new();

        """;

    // Methods on async paths: misuse and correct code side by side.
    private static readonly Snippet[] ServiceMethods =
    [
        // TW101: .Result, .Wait(), GetAwaiter().GetResult() on an async path.
        (m, k) => $$"""
                    public async Task<int> Total{{k}}Async(int id, CancellationToken cancellationToken)
                    {
                        var order = _repository.GetAsync(id, cancellationToken).Result;
                        var count = _repository.CountAsync().GetAwaiter().GetResult();
                        _repository.SaveAsync(order, cancellationToken).Wait();
                        await Task.Yield();
                        return order.Name.Length + count;
                    }

            """,
        // TW101: WaitAll / WaitAny (index used: no automatic fix).
        (m, k) => $$"""
                    public async Task<int> Gather{{k}}Async(int[] ids)
                    {
                        var tasks = ids.Select(id => _repository.GetAsync(id, CancellationToken.None)).ToArray();
                        Task.WaitAll(tasks);
                        var first = Task.WaitAny(tasks);
                        await Task.Delay(1);
                        return tasks[first].Result.Name.Length;
                    }

            """,
        // Trap: known-completed tasks (awaited WhenAll, IsCompleted guard, FromResult).
        (m, k) => $$"""
                    public async Task<decimal> Sum{{k}}Async(int a, int b)
                    {
                        var first = _repository.GetAsync(a, CancellationToken.None);
                        var second = _repository.GetAsync(b, CancellationToken.None);
                        await Task.WhenAll(first, second);
                        var cached = Task.FromResult(1m);
                        var total = first.Result.Amount + second.Result.Amount + cached.Result;
                        return first.IsCompleted && second.IsCompletedSuccessfully ? total + second.Result.Amount : total;
                    }

            """,
        // Trap: a task made completed by its argument.
        (m, k) => $$"""
                    public async Task<string> Name{{k}}Async(int id)
                    {
                        var order = _repository.FindAsync(id, IOBehavior.Synchronous).GetAwaiter().GetResult();
                        await Task.Yield();
                        return order.Name;
                    }

            """,
        // TW102: File, Thread.Sleep, Stream.Read, SemaphoreSlim.Wait, a repository M with an MAsync twin.
        (m, k) => $$"""
                    public async Task<int> Import{{k}}Async(string path, Stream stream, CancellationToken cancellationToken)
                    {
                        var text = File.ReadAllText(path);
                        Thread.Sleep(25);
                        var buffer = new byte[4096];
                        var read = stream.Read(buffer, 0, buffer.Length);
                        _gate.Wait();
                        try
                        {
                            var order = _repository.Get(read);
                            _repository.Save(order with { Name = text });
                        }
                        finally
                        {
                            _gate.Release();
                        }

                        await stream.FlushAsync(cancellationToken);
                        return read;
                    }

            """,
        // TW102: synchronous using of a writer on an async path, and writes.
        (m, k) => $$"""
                    public async Task Export{{k}}Async(IEnumerable<Order{{m}}> orders)
                    {
                        using var writer = new StreamWriter(Path.Combine(_root, "export{{k}}.csv"));
                        foreach (var order in orders)
                        {
                            writer.WriteLine(order.Id + "," + order.Name + "," + order.Amount);
                        }

                        writer.Flush();
                        await Task.Yield();
                    }

            """,
        // TW102: ADO.NET on an async path; the column getters after a read are the trap.
        (m, k) => $$"""
                    public async Task<int> Rows{{k}}Async(DbConnection connection)
                    {
                        connection.Open();
                        using var command = connection.CreateCommand();
                        command.CommandText = "select id from orders";
                        using var reader = command.ExecuteReader();
                        var sum = 0;
                        while (reader.Read())
                        {
                            sum += reader.IsDBNull(0) ? 0 : reader.GetInt32(0);
                        }

                        await Task.Yield();
                        return sum;
                    }

            """,
        // Correct ADO.NET.
        (m, k) => $$"""
                    public async Task<int> RowsAsync{{k}}(DbConnection connection, CancellationToken cancellationToken)
                    {
                        await connection.OpenAsync(cancellationToken);
                        using var command = connection.CreateCommand();
                        command.CommandText = "select id from orders";
                        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                        var sum = 0;
                        while (await reader.ReadAsync(cancellationToken))
                        {
                            sum += reader.IsDBNull(0) ? 0 : reader.GetFieldValue<int>(0);
                        }

                        return sum;
                    }

            """,
        // Trap: dual sync/async code paths.
        (m, k) => $$"""
                    public async Task<int> Read{{k}}Async(Stream stream, byte[] buffer, IOBehavior behavior)
                    {
                        var read = behavior == IOBehavior.Asynchronous
                            ? await stream.ReadAsync(buffer, 0, buffer.Length)
                            : stream.Read(buffer, 0, buffer.Length);
                        if (behavior == IOBehavior.Asynchronous)
                        {
                            await stream.FlushAsync();
                        }
                        else
                        {
                            stream.Flush();
                        }

                        return read;
                    }

            """,
        // Trap: offloading, in-memory readers and writers, CancellationTokenSource.Cancel, Console.
        (m, k) => $$"""
                    public async Task<int> Parse{{k}}Async(string csv, CancellationTokenSource source)
                    {
                        await Task.Run(() => Thread.Sleep(10));
                        using var reader = new StringReader(csv);
                        using var memory = new MemoryStream();
                        var count = 0;
                        string? line;
                        while ((line = reader.ReadLine()) != null)
                        {
                            memory.Write(Encoding.UTF8.GetBytes(line));
                            count++;
                        }

                        Console.WriteLine(count);
                        source.Cancel();
                        return count;
                    }

            """,
        // Correct I/O with a forwarded token and ConfigureAwait.
        (m, k) => $$"""
                    public async Task<string> Fetch{{k}}Async(string url, CancellationToken cancellationToken)
                    {
                        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            var body = await _http.GetStringAsync(url, cancellationToken).ConfigureAwait(false);
                            await File.WriteAllTextAsync(Path.Combine(_root, "page{{k}}.html"), body, cancellationToken).ConfigureAwait(false);
                            return body;
                        }
                        finally
                        {
                            _gate.Release();
                        }
                    }

            """,
        // TW104: an async path calling a source method that blocks through another one.
        (m, k) => $$"""
                    public async Task<int> Settings{{k}}Async()
                    {
                        var settings = LoadSettings{{k}}();
                        await Task.Yield();
                        return settings.Length;
                    }

                    private string LoadSettings{{k}}() => ReadSettingsFile{{k}}().Trim();

                    private string ReadSettingsFile{{k}}()
                    {
                        var path = Path.Combine(_root, "settings{{k}}.json");
                        return File.Exists(path) ? File.ReadAllText(path) : "{}";
                    }

            """,
        // TW201: a CPU-heavy loop on an async path; TW205: its iterations are independent.
        (m, k) => $$"""
                    public async Task<double[]> Score{{k}}Async(int id)
                    {
                        var order = await _repository.GetAsync(id, CancellationToken.None);
                        var scores = new double[4096];
                        for (var i = 0; i < scores.Length; i++)
                        {
                            var value = 0.0;
                            for (var j = 0; j < 512; j++)
                            {
                                value += Math.Sqrt(i * j + (double)order.Amount) * Math.Sin(j);
                            }

                            scores[i] = value;
                        }

                        return scores;
                    }

            """,
        // TW201: hashing in a loop on an async path, dependent iterations (no Parallel.For).
        (m, k) => $$"""
                    public async Task<byte[]> Seal{{k}}Async(string path)
                    {
                        var data = await File.ReadAllBytesAsync(path);
                        for (var round = 0; round < 10_000; round++)
                        {
                            data = SHA256.HashData(data);
                        }

                        return data;
                    }

            """,
        // Trap: small constant loops and loops that do I/O.
        (m, k) => $$"""
                    public async Task<int> Retry{{k}}Async(string url)
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                var body = await _http.GetStringAsync(url);
                                return body.Length;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(100 * (attempt + 1));
                            }
                        }

                        return -1;
                    }

            """,
        // TW202: Parallel.For / PLINQ executed synchronously on an async path.
        (m, k) => $$"""
                    public async Task<long> Crunch{{k}}Async(int[] values)
                    {
                        await Task.Yield();
                        long total = 0;
                        Parallel.For(0, values.Length, i => Interlocked.Add(ref total, Checksums.Mix(values[i], i)));
                        var squares = values.AsParallel().Select(v => (long)v * v).Sum();
                        return total + squares;
                    }

            """,
        // Correct: parallel work offloaded.
        (m, k) => $$"""
                    public async Task<long> CrunchOffloaded{{k}}(int[] values)
                    {
                        long total = 0;
                        await Task.Run(() => Parallel.For(0, values.Length, i => Interlocked.Add(ref total, values[i])));
                        return total;
                    }

            """,
        // TW203: an async lambda passed to Parallel.ForEach.
        (m, k) => $$"""
                    public void Refresh{{k}}(IEnumerable<int> ids)
                    {
                        Parallel.ForEach(ids, async id =>
                        {
                            var order = await _repository.GetAsync(id, CancellationToken.None);
                            _orders.Add(order);
                        });
                    }

            """,
        // TW204: Task.Run that only wraps asynchronous I/O.
        (m, k) => $$"""
                    public async Task<string> Download{{k}}Async(string url)
                    {
                        var first = await Task.Run(() => _http.GetStringAsync(url));
                        var second = await Task.Run(async () => await _http.GetStringAsync(url + "?page=2"));
                        return first + second;
                    }

            """,
        // TW206: a method marked [CpuBound] called on an async path.
        (m, k) => $$"""
                    public async Task<byte[]> Fingerprint{{k}}Async(string path)
                    {
                        var data = await File.ReadAllBytesAsync(path);
                        return Checksums.Digest(data);
                    }

            """,
        // TW301: async void that is not an event handler; the event handler beside it is fine.
        (m, k) => $$"""
                    public async void Warm{{k}}(int id)
                    {
                        var order = await _repository.GetAsync(id, CancellationToken.None);
                        _orders.Add(order);
                        Changed?.Invoke(this, new OrderEventArgs(id));
                    }

                    private async void OnChanged{{k}}(object? sender, OrderEventArgs e)
                    {
                        await _repository.GetAsync(e.Id, CancellationToken.None);
                    }

            """,
        // TW302: async lambdas converted to void-returning delegates.
        (m, k) => $$"""
                    public void Persist{{k}}()
                    {
                        _orders.ForEach(async order => await _repository.SaveAsync(order, CancellationToken.None));
                        Action notify = async () => await Task.Delay(10);
                        notify();
                        Changed += async (sender, e) => await _repository.GetAsync(e.Id, CancellationToken.None);
                    }

            """,
        // TW303: Task.Factory.StartNew with an async delegate.
        (m, k) => $$"""
                    public Task Start{{k}}(int id)
                    {
                        var outer = Task.Factory.StartNew(async () => await _repository.GetAsync(id, CancellationToken.None));
                        var inner = Task.Factory.StartNew(async () => await Task.Delay(5)).Unwrap();
                        return Task.WhenAll(outer, inner);
                    }

            """,
        // TW401: a thread-affine lock held across an await.
        (m, k) => $$"""
                    public async Task Update{{k}}Async(int id)
                    {
                        Monitor.Enter(_sync);
                        try
                        {
                            var order = await _repository.GetAsync(id, CancellationToken.None);
                            _orders.Add(order);
                        }
                        finally
                        {
                            Monitor.Exit(_sync);
                        }
                    }

            """,
        // TW402: blocking inside a lock on an async path; the SemaphoreSlim version is fine.
        (m, k) => $$"""
                    public async Task<int> Guarded{{k}}Async(Task<int> pending)
                    {
                        lock (_sync)
                        {
                            Thread.Sleep(5);
                            _orders.Clear();
                        }

                        await _gate.WaitAsync();
                        try
                        {
                            return await pending;
                        }
                        finally
                        {
                            _gate.Release();
                        }
                    }

            """,
        // TW102 (await using) and correct disposal of the repository.
        (m, k) => $$"""
                    public async Task Archive{{k}}Async(int id)
                    {
                        using (var repository = new OrderRepository{{m}}(_root))
                        {
                            var order = await repository.GetAsync(id, CancellationToken.None);
                            await repository.SaveAsync(order with { Amount = 0m }, CancellationToken.None);
                        }

                        await using var other = new OrderRepository{{m}}(_root);
                        await other.GetAsync(id, CancellationToken.None);
                    }

            """,
        // TW101 in an async lambda and a local function; a blocking wait in a non-async lambda is TW103's.
        (m, k) => $$"""
                    public async Task<int> Nested{{k}}Async(int[] ids)
                    {
                        Func<int, Task<int>> load = async id => (await _repository.GetAsync(id, CancellationToken.None)).Name.Length + _repository.CountAsync().Result;
                        async Task<int> LocalAsync(int id) => _repository.GetAsync(id, CancellationToken.None).Result.Name.Length;
                        var offloaded = await Task.Run(() => _repository.GetAsync(ids[0], CancellationToken.None).Result.Name.Length);
                        return await load(ids[0]) + await LocalAsync(ids[0]) + offloaded;
                    }

            """,
        // Plain CRUD, correct.
        (m, k) => $$"""
                    public async Task<Order{{m}}> Rename{{k}}Async(int id, string name, CancellationToken cancellationToken)
                    {
                        var order = await _repository.GetAsync(id, cancellationToken);
                        var renamed = order with { Name = name.Trim() };
                        await _repository.SaveAsync(renamed, cancellationToken);
                        _orders.Add(renamed);
                        return renamed;
                    }

            """,
        // Regex and string building in an awaited pipeline (light CPU, not heavy).
        (m, k) => $$"""
                    public async Task<IReadOnlyList<string>> Tokens{{k}}Async(string url)
                    {
                        var body = await _http.GetStringAsync(url);
                        var result = new List<string>();
                        foreach (Match match in Regex.Matches(body, "[A-Za-z]+"))
                        {
                            result.Add(match.Value.ToLowerInvariant());
                        }

                        return result;
                    }

            """,
        // TW102: HttpClient.Send on an async path.
        (m, k) => $$"""
                    public async Task<int> Probe{{k}}Async(string url)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Head, url);
                        using var response = _http.Send(request);
                        await Task.Yield();
                        return (int)response.StatusCode;
                    }

            """,
    ];

    // Synchronous code: TW103, TW304, TW402 in sync code, and correct sync code.
    private static readonly Snippet[] HandlerMethods =
    [
        // TW103: blocking waits in synchronous code.
        (m, k) => $$"""
                    public int Handle{{k}}(int id)
                    {
                        var order = _repository.GetAsync(id, CancellationToken.None).Result;
                        _repository.SaveAsync(order, CancellationToken.None).Wait();
                        return order.Name.Length;
                    }

            """,
        // TW103: the Task.Run(...).Result workaround.
        (m, k) => $$"""
                    public string Describe{{k}}(int id) =>
                        Task.Run(() => _repository.GetAsync(id, CancellationToken.None)).Result.Name;

            """,
        // Trap: known-completed tasks in sync code.
        (m, k) => $$"""
                    public int Cached{{k}}()
                    {
                        var ready = Task.FromResult(42);
                        var done = Task.CompletedTask;
                        done.Wait();
                        return ready.Result;
                    }

            """,
        // TW304: a dropped task in synchronous code; the discard is fine.
        (m, k) => $$"""
                    public void Notify{{k}}(Order{{m}} order)
                    {
                        _repository.SaveAsync(order, CancellationToken.None);
                        _ = _repository.SaveAsync(order with { Amount = order.Amount + 1 }, CancellationToken.None);
                    }

            """,
        // TW103 + TW402: a blocking wait inside a lock in sync code.
        (m, k) => $$"""
                    public Order{{m}} Locked{{k}}(int id)
                    {
                        lock (_sync)
                        {
                            return _repository.GetAsync(id, CancellationToken.None).GetAwaiter().GetResult();
                        }
                    }

            """,
        // Correct synchronous code.
        (m, k) => $$"""
                    public decimal Price{{k}}(int id, decimal rate)
                    {
                        var order = _repository.Get(id);
                        var price = order.Amount * rate;
                        return price > 100m ? Math.Round(price, 2) : price;
                    }

            """,
        // Correct: an async method awaiting.
        (m, k) => $$"""
                    public async Task<int> HandleAsync{{k}}(int id, CancellationToken cancellationToken)
                    {
                        var order = await _repository.GetAsync(id, cancellationToken);
                        return order.Name.Length;
                    }

            """,
    ];

    // Static helpers: loops of every shape for the cost model (TW201/TW205).
    private static readonly Snippet[] HelperMethods =
    [
        // TW205: independent iterations indexed by the loop variable.
        (m, k) => $$"""
                    public static double[] Normalize{{k}}(double[] input)
                    {
                        var output = new double[input.Length];
                        for (var i = 0; i < input.Length; i++)
                        {
                            var x = input[i];
                            for (var j = 0; j < 256; j++)
                            {
                                x = Math.Sqrt(x * x + j) / (1 + Math.Abs(Math.Cos(j)));
                            }

                            output[i] = x;
                        }

                        return output;
                    }

            """,
        // TW205: an integer reduction.
        (m, k) => $$"""
                    public static long SumOfSquares{{k}}(int[] values)
                    {
                        long sum = 0;
                        for (var i = 0; i < values.Length; i++)
                        {
                            for (var j = 0; j < 100; j++)
                            {
                                sum += (long)values[i] * values[i] + j;
                            }
                        }

                        return sum;
                    }

            """,
        // Trap: dependent iterations (prefix sums) cannot be parallelised.
        (m, k) => $$"""
                    public static int[] Prefix{{k}}(int[] values)
                    {
                        var result = new int[values.Length];
                        var running = 0;
                        for (var i = 0; i < values.Length; i++)
                        {
                            running += values[i];
                            result[i] = running;
                        }

                        return result;
                    }

            """,
        // Trap: a small constant loop.
        (m, k) => $$"""
                    public static string Pad{{k}}(string text)
                    {
                        var builder = new StringBuilder(text);
                        for (var i = 0; i < 4; i++)
                        {
                            builder.Append(' ');
                        }

                        return builder.ToString();
                    }

            """,
        // Matrix multiply: heavy, nested, independent rows.
        (m, k) => $$"""
                    public static double[,] Multiply{{k}}(double[,] a, double[,] b)
                    {
                        var n = a.GetLength(0);
                        var result = new double[n, n];
                        for (var i = 0; i < n; i++)
                        {
                            for (var j = 0; j < n; j++)
                            {
                                double cell = 0;
                                for (var x = 0; x < n; x++)
                                {
                                    cell += a[i, x] * b[x, j];
                                }

                                result[i, j] = cell;
                            }
                        }

                        return result;
                    }

            """,
        // foreach / while / do loops over unknown sizes.
        (m, k) => $$"""
                    public static int Histogram{{k}}(IEnumerable<string> words, Dictionary<char, int> counts)
                    {
                        var total = 0;
                        foreach (var word in words)
                        {
                            var i = 0;
                            while (i < word.Length)
                            {
                                counts[word[i]] = counts.TryGetValue(word[i], out var c) ? c + 1 : 1;
                                i++;
                            }

                            do
                            {
                                total++;
                            }
                            while (total % 7 != 0);
                        }

                        return total;
                    }

            """,
        // A CPU-bound helper with the attribute.
        (m, k) => $$"""
                    [CpuBound]
                    public static int Primes{{k}}(int limit)
                    {
                        var count = 0;
                        for (var n = 2; n < limit; n++)
                        {
                            var prime = true;
                            for (var d = 2; d * d <= n; d++)
                            {
                                if (n % d == 0)
                                {
                                    prime = false;
                                    break;
                                }
                            }

                            count += prime ? 1 : 0;
                        }

                        return count;
                    }

            """,
    ];
}
