using System.Text;

namespace Threadwise.Benchmarks.Corpus;

/// <summary>
/// Generates the second benchmark corpus: a deterministic (seeded) code base shaped like a real library or service rather
/// than a catalogue of misuse. Each module is a small bounded context spread over six files, the way a service keeps them:
/// models (records, options, a store interface), a data-access store (DbConnection / DbCommand / DbDataReader, all async,
/// <c>await using</c>, transactions, parameters), a mapper (bookkeeping loops that build lists and dictionaries, DTO
/// mapping, LINQ), a service (cache, SemaphoreSlim, logging, and helper call graphs five to eight levels deep, async above
/// and sync below, some of them calling the previous module's service), an HTTP client (ConfigureAwait, CancellationToken
/// plumbing, retries) and a worker (channels, PeriodicTimer, async file I/O). About 1.5% of the methods are misuse, none,
/// one or two per module of about seventy methods: a .Result, a File.ReadAllText or Thread.Sleep in an async method, a
/// dropped task, a sync DataReader loop after an async query, a blocking helper at the bottom of an async call chain,
/// sync-over-async, async void.
/// The code compiles without errors against the .NET 10 reference assemblies.
/// </summary>
public static class ServiceCorpusGenerator
{
    /// <summary>Lines of code at scale ×1, as for <see cref="CorpusGenerator"/>.</summary>
    public const int LinesPerScale = CorpusGenerator.LinesPerScale;

    private static readonly string[] Entities =
    [
        "Customer", "Invoice", "Shipment", "Product", "Account", "Ticket", "Booking", "Payment", "Subscription", "Warehouse",
        "Supplier", "Review", "Campaign", "Device", "Contract", "Member",
    ];

    public static IReadOnlyList<CorpusFile> Generate(int scale, int seed = CorpusGenerator.DefaultSeed)
    {
        var random = new Random(seed);
        var files = new List<CorpusFile> { new("Common/Infrastructure.cs", SharedSource) };
        var lines = CorpusGenerator.CountLines(SharedSource);
        var target = LinesPerScale * scale;
        for (var module = 0; lines < target; module++)
        {
            foreach (var file in Module(random, module))
            {
                files.Add(file);
                lines += CorpusGenerator.CountLines(file.Text);
            }
        }

        return files;
    }

    /// <summary>The kinds of misuse a module may hold; the benchmark's report counts what the rules find, not these.</summary>
    private enum Misuse
    {
        ResultInAsync,
        FileReadInAsync,
        DroppedTask,
        SyncReaderLoop,
        SleepInRetry,
        BlockingChainLeaf,
        SyncOverAsyncHelper,
        AsyncVoid,
    }

    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Data;
        using System.Data.Common;
        using System.Diagnostics;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Net;
        using System.Net.Http;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Shop.Common;

        """;

    private const string SharedSource = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Shop.Common
        {
            public enum LogLevel
            {
                Debug,
                Information,
                Warning,
                Error,
            }

            /// <summary>The service's logging abstraction.</summary>
            public interface ILog
            {
                bool IsEnabled(LogLevel level);

                void Write(LogLevel level, string message, Exception? exception = null);
            }

            public static class LogExtensions
            {
                public static void Debug(this ILog log, string message)
                {
                    if (log.IsEnabled(LogLevel.Debug))
                    {
                        log.Write(LogLevel.Debug, message);
                    }
                }

                public static void Info(this ILog log, string message)
                {
                    if (log.IsEnabled(LogLevel.Information))
                    {
                        log.Write(LogLevel.Information, message);
                    }
                }

                public static void Warn(this ILog log, string message, Exception? exception = null) => log.Write(LogLevel.Warning, message, exception);

                public static void Error(this ILog log, Exception exception, string message) => log.Write(LogLevel.Error, message, exception);
            }

            /// <summary>Keeps the last messages in memory (tests and diagnostics endpoints read them).</summary>
            public sealed class MemoryLog : ILog
            {
                private readonly ConcurrentQueue<string> _lines = new();
                private readonly int _capacity;

                public MemoryLog(int capacity = 1024, LogLevel minimum = LogLevel.Information)
                {
                    _capacity = capacity;
                    Minimum = minimum;
                }

                public LogLevel Minimum { get; set; }

                public int Count => _lines.Count;

                public bool IsEnabled(LogLevel level) => level >= Minimum;

                public void Write(LogLevel level, string message, Exception? exception = null)
                {
                    if (!IsEnabled(level))
                    {
                        return;
                    }

                    _lines.Enqueue(exception is null ? $"{level}: {message}" : $"{level}: {message} ({exception.GetType().Name}: {exception.Message})");
                    while (_lines.Count > _capacity && _lines.TryDequeue(out _))
                    {
                    }
                }

                public IReadOnlyList<string> Snapshot() => _lines.ToArray();
            }

            public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
            {
                public bool HasMore => (long)Page * PageSize < Total;
            }

            public static class Guard
            {
                public static T NotNull<T>(T? value, string name)
                    where T : class => value ?? throw new ArgumentNullException(name);

                public static int Positive(int value, string name) =>
                    value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive");
            }

            public static class Retry
            {
                public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> action, int attempts, TimeSpan delay, CancellationToken cancellationToken)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            return await action(cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception) when (attempt < attempts && !cancellationToken.IsCancellationRequested)
                        {
                            await Task.Delay(delay * attempt, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
        }

        """;

    private sealed record Names(int M, string Entity, string Lower, string Table, string? Upstream);

    private static IEnumerable<CorpusFile> Module(Random random, int m)
    {
        var entity = Entities[m % Entities.Length];
        var upstream = m > 0 && m % 5 != 0 ? $"Shop.Module{m - 1}.{Entities[(m - 1) % Entities.Length]}Service" : null;
        var names = new Names(m, entity, entity.ToLowerInvariant(), entity.ToLowerInvariant() + "s", upstream);

        // A few percent misuse: most modules hold one, some two, some none.
        var misuses = new HashSet<Misuse>();
        var roll = random.Next(100);
        var count = roll < 20 ? 0 : roll < 75 ? 1 : 2;
        while (misuses.Count < count)
        {
            misuses.Add((Misuse)random.Next(Enum.GetValues<Misuse>().Length));
        }

        var folder = $"Module{m:D4}";
        yield return new CorpusFile($"{folder}/{entity}Models.cs", Models(names));
        yield return new CorpusFile($"{folder}/{entity}Store.cs", Store(random, names, misuses));
        yield return new CorpusFile($"{folder}/{entity}Mapper.cs", Mapper(random, names));
        yield return new CorpusFile($"{folder}/{entity}Service.cs", Service(random, names, misuses));
        yield return new CorpusFile($"{folder}/{entity}Client.cs", Client(names, misuses));
        yield return new CorpusFile($"{folder}/{entity}Worker.cs", Worker(names, misuses));
    }

    private static string Namespace(Names n, string body) => Usings + $$"""
        namespace Shop.Module{{n.M}}
        {
        {{body}}
        }

        """;

    private static string Models(Names n) => Namespace(n, $$"""
            public sealed record {{n.Entity}}Dto(int Id, string Name, decimal Amount, string Status, DateTimeOffset UpdatedAt);

            public sealed record {{n.Entity}}Summary(string Status, int Count, decimal Total)
            {
                public decimal Average => Count == 0 ? 0m : Math.Round(Total / Count, 2);
            }

            public sealed class {{n.Entity}}
            {
                public int Id { get; init; }

                public string Name { get; set; } = "";

                public decimal Amount { get; set; }

                public string Status { get; set; } = "new";

                public DateTimeOffset UpdatedAt { get; set; }

                public List<string> Tags { get; } = new();

                public bool IsActive => Status != "closed";

                public string DisplayName => string.IsNullOrEmpty(Name) ? "#" + Id.ToString(CultureInfo.InvariantCulture) : Name;
            }

            public sealed class {{n.Entity}}Options
            {
                public string ConnectionString { get; set; } = "Server=db;Database=shop";

                public int PageSize { get; set; } = 50;

                public int MaxRetries { get; set; } = 3;

                public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

                public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

                public string ExportFolder { get; set; } = "exports";
            }

            public interface I{{n.Entity}}Store
            {
                Task<{{n.Entity}}?> FindAsync(int id, CancellationToken cancellationToken = default);

                Task<IReadOnlyList<{{n.Entity}}>> ListAsync(string status, CancellationToken cancellationToken = default);

                Task<int> SaveAsync({{n.Entity}} item, CancellationToken cancellationToken = default);

                Task<long> CountAsync(CancellationToken cancellationToken = default);

                {{n.Entity}}? Find(int id);
            }
        """);

    private static string Store(Random random, Names n, HashSet<Misuse> misuses)
    {
        var extra = new StringBuilder();
        var catalogue = StoreQueries;
        foreach (var index in Pick(random, catalogue.Length, 2 + random.Next(3)))
        {
            extra.Append(catalogue[index](n));
        }

        if (misuses.Contains(Misuse.SyncReaderLoop))
        {
            extra.Append($$"""

                        public async Task<IReadOnlyList<int>> RecentIdsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
                        {
                            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                            await using var command = connection.CreateCommand();
                            command.CommandText = "select id from {{n.Table}} where updated_at >= @since order by updated_at";
                            AddParameter(command, "@since", since);
                            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                            var ids = new List<int>();
                            while (reader.Read())
                            {
                                ids.Add(reader.GetInt32(0));
                            }

                            return ids;
                        }

                """);
        }

        return Namespace(n, $$"""
                public sealed class {{n.Entity}}Store : I{{n.Entity}}Store
                {
                    private const string Columns = "id, name, amount, status, updated_at";

                    private readonly DbProviderFactory _factory;
                    private readonly {{n.Entity}}Options _options;
                    private readonly ILog _log;

                    public {{n.Entity}}Store(DbProviderFactory factory, {{n.Entity}}Options options, ILog log)
                    {
                        _factory = factory;
                        _options = options;
                        _log = log;
                    }

                    public async Task<{{n.Entity}}?> FindAsync(int id, CancellationToken cancellationToken = default)
                    {
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.CommandText = "select " + Columns + " from {{n.Table}} where id = @id";
                        AddParameter(command, "@id", id);
                        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
                        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
                    }

                    public async Task<IReadOnlyList<{{n.Entity}}>> ListAsync(string status, CancellationToken cancellationToken = default)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.CommandText = "select " + Columns + " from {{n.Table}} where status = @status order by id";
                        AddParameter(command, "@status", status);
                        var results = new List<{{n.Entity}}>();
                        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                        {
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                results.Add(Read(reader));
                            }
                        }

                        _log.Debug($"{{n.Table}}: {results.Count} rows with status {status} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1} ms");
                        return results;
                    }

                    public async Task<int> SaveAsync({{n.Entity}} item, CancellationToken cancellationToken = default)
                    {
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.Transaction = transaction;
                        command.CommandText = "update {{n.Table}} set name = @name, amount = @amount, status = @status, updated_at = @updated where id = @id";
                        AddParameter(command, "@id", item.Id);
                        AddParameter(command, "@name", item.Name);
                        AddParameter(command, "@amount", item.Amount);
                        AddParameter(command, "@status", item.Status);
                        AddParameter(command, "@updated", DateTimeOffset.UtcNow);
                        var affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return affected;
                    }

                    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
                    {
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.CommandText = "select count(*) from {{n.Table}}";
                        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    }

                    // The synchronous API, for synchronous callers (admin tools, migrations).
                    public {{n.Entity}}? Find(int id)
                    {
                        using var connection = Open();
                        using var command = connection.CreateCommand();
                        command.CommandText = "select " + Columns + " from {{n.Table}} where id = @id";
                        AddParameter(command, "@id", id);
                        using var reader = command.ExecuteReader(CommandBehavior.SingleRow);
                        return reader.Read() ? Read(reader) : null;
                    }
            {{extra}}
                    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
                    {
                        var connection = _factory.CreateConnection() ?? throw new InvalidOperationException("The provider cannot create connections.");
                        connection.ConnectionString = _options.ConnectionString;
                        try
                        {
                            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                            return connection;
                        }
                        catch
                        {
                            await connection.DisposeAsync().ConfigureAwait(false);
                            throw;
                        }
                    }

                    private DbConnection Open()
                    {
                        var connection = _factory.CreateConnection() ?? throw new InvalidOperationException("The provider cannot create connections.");
                        connection.ConnectionString = _options.ConnectionString;
                        connection.Open();
                        return connection;
                    }

                    private static void AddParameter(DbCommand command, string name, object value)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = name;
                        parameter.Value = value;
                        command.Parameters.Add(parameter);
                    }

                    private static {{n.Entity}} Read(DbDataReader reader)
                    {
                        var item = new {{n.Entity}}
                        {
                            Id = reader.GetInt32(0),
                            Name = reader.IsDBNull(1) ? "" : reader.GetString(1),
                            Amount = reader.GetDecimal(2),
                            Status = reader.IsDBNull(3) ? "new" : reader.GetString(3),
                            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(4),
                        };
                        return item;
                    }
                }
            """);
    }

    private delegate string Part(Names n);

    // Further queries a store may have (each module draws a few).
    private static readonly Part[] StoreQueries =
    [
        n => $$"""

                    public async Task<PagedResult<{{n.Entity}}>> PageAsync(int page, CancellationToken cancellationToken = default)
                    {
                        Guard.Positive(page, nameof(page));
                        var total = await CountAsync(cancellationToken).ConfigureAwait(false);
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.CommandText = "select " + Columns + " from {{n.Table}} order by id limit @take offset @skip";
                        AddParameter(command, "@take", _options.PageSize);
                        AddParameter(command, "@skip", (page - 1) * _options.PageSize);
                        var items = new List<{{n.Entity}}>(_options.PageSize);
                        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            items.Add(Read(reader));
                        }

                        return new PagedResult<{{n.Entity}}>(items, page, _options.PageSize, total);
                    }

            """,
        n => $$"""

                    public async Task<Dictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken = default)
                    {
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.CommandText = "select status, count(*) from {{n.Table}} group by status";
                        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var status = reader.IsDBNull(0) ? "unknown" : reader.GetString(0);
                            counts[status] = counts.TryGetValue(status, out var existing) ? existing + reader.GetInt32(1) : reader.GetInt32(1);
                        }

                        return counts;
                    }

            """,
        n => $$"""

                    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
                    {
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.CommandText = "delete from {{n.Table}} where id = @id";
                        AddParameter(command, "@id", id);
                        var affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        if (affected == 0)
                        {
                            _log.Warn($"{{n.Table}}: nothing to delete for {id}");
                        }

                        return affected > 0;
                    }

            """,
        n => $$"""

                    public async Task<int> InsertManyAsync(IReadOnlyCollection<{{n.Entity}}> items, CancellationToken cancellationToken = default)
                    {
                        if (items.Count == 0)
                        {
                            return 0;
                        }

                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                        var inserted = 0;
                        foreach (var item in items)
                        {
                            await using var command = connection.CreateCommand();
                            command.Transaction = transaction;
                            command.CommandText = "insert into {{n.Table}} (" + Columns + ") values (@id, @name, @amount, @status, @updated)";
                            AddParameter(command, "@id", item.Id);
                            AddParameter(command, "@name", item.Name);
                            AddParameter(command, "@amount", item.Amount);
                            AddParameter(command, "@status", item.Status);
                            AddParameter(command, "@updated", item.UpdatedAt);
                            inserted += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }

                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        _log.Info($"{{n.Table}}: inserted {inserted} of {items.Count}");
                        return inserted;
                    }

            """,
        n => $$"""

                    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
                    {
                        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = connection.CreateCommand();
                        command.CommandText = "select 1 from {{n.Table}} where name = @name";
                        AddParameter(command, "@name", name);
                        var found = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                        return found is not null && found is not DBNull;
                    }

            """,
    ];

    private static string Mapper(Random random, Names n)
    {
        var parts = new StringBuilder();
        foreach (var index in Pick(random, MapperParts.Length, 4 + random.Next(MapperParts.Length - 3)))
        {
            parts.Append(MapperParts[index](n));
        }

        return Namespace(n, $$"""
                public static class {{n.Entity}}Mapper
                {
                    public static {{n.Entity}}Dto ToDto({{n.Entity}} item) => new(item.Id, item.DisplayName, item.Amount, item.Status, item.UpdatedAt);

                    public static {{n.Entity}} FromDto({{n.Entity}}Dto dto)
                    {
                        var item = new {{n.Entity}} { Id = dto.Id, Name = dto.Name.Trim(), Amount = dto.Amount, Status = Normalize(dto.Status), UpdatedAt = dto.UpdatedAt };
                        return item;
                    }

                    public static List<{{n.Entity}}Dto> ToDtos(IReadOnlyList<{{n.Entity}}> items)
                    {
                        var result = new List<{{n.Entity}}Dto>(items.Count);
                        for (var i = 0; i < items.Count; i++)
                        {
                            result.Add(ToDto(items[i]));
                        }

                        return result;
                    }

                    public static string Normalize(string status) => string.IsNullOrWhiteSpace(status) ? "new" : status.Trim().ToLowerInvariant();

                    public static decimal Weight({{n.Entity}} item) => item.IsActive ? item.Amount : item.Amount / 2;

                    public static string ToCsvLine({{n.Entity}}Dto dto)
                    {
                        var builder = new StringBuilder(64);
                        builder.Append(dto.Id.ToString(CultureInfo.InvariantCulture)).Append(',');
                        builder.Append('"').Append(dto.Name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').Append(',');
                        builder.Append(dto.Amount.ToString(CultureInfo.InvariantCulture)).Append(',');
                        builder.Append(dto.Status).Append(',');
                        builder.Append(dto.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
                        return builder.ToString();
                    }

                    public static {{n.Entity}}Dto? FromCsvLine(string line)
                    {
                        var parts = line.Split(',');
                        if (parts.Length < 5 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                        {
                            return null;
                        }

                        var amount = decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0m;
                        var updated = DateTimeOffset.TryParse(parts[4], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when : DateTimeOffset.MinValue;
                        return new {{n.Entity}}Dto(id, parts[1].Trim('"'), amount, Normalize(parts[3]), updated);
                    }

                    public static {{n.Entity}}Dto Merge({{n.Entity}}Dto local, {{n.Entity}}Dto remote) =>
                        remote.UpdatedAt > local.UpdatedAt
                            ? remote with { Name = string.IsNullOrEmpty(remote.Name) ? local.Name : remote.Name }
                            : local;
            {{parts}}    }
            """);
    }

    private static readonly Part[] MapperParts =
    [
        n => $$"""

                    public static Dictionary<string, List<{{n.Entity}}Dto>> ByStatus(IEnumerable<{{n.Entity}}Dto> items)
                    {
                        var groups = new Dictionary<string, List<{{n.Entity}}Dto>>(StringComparer.Ordinal);
                        foreach (var item in items)
                        {
                            if (!groups.TryGetValue(item.Status, out var list))
                            {
                                list = new List<{{n.Entity}}Dto>();
                                groups.Add(item.Status, list);
                            }

                            list.Add(item);
                        }

                        return groups;
                    }

            """,
        n => $$"""

                    public static IReadOnlyList<{{n.Entity}}Summary> Summarize(IEnumerable<{{n.Entity}}Dto> items) =>
                        items.GroupBy(i => i.Status)
                            .Select(g => new {{n.Entity}}Summary(g.Key, g.Count(), g.Sum(i => i.Amount)))
                            .OrderByDescending(s => s.Total)
                            .ThenBy(s => s.Status, StringComparer.Ordinal)
                            .ToList();

            """,
        n => $$"""

                    public static Dictionary<int, {{n.Entity}}Dto> Index(IEnumerable<{{n.Entity}}Dto> items, Dictionary<int, {{n.Entity}}Dto>? existing = null)
                    {
                        var index = existing ?? new Dictionary<int, {{n.Entity}}Dto>();
                        foreach (var item in items)
                        {
                            if (!index.TryGetValue(item.Id, out var current) || current.UpdatedAt < item.UpdatedAt)
                            {
                                index[item.Id] = item;
                            }
                        }

                        return index;
                    }

            """,
        n => $$"""

                    public static List<string> Validate({{n.Entity}}Dto dto)
                    {
                        var errors = new List<string>();
                        if (dto.Id <= 0)
                        {
                            errors.Add("id must be positive");
                        }

                        if (string.IsNullOrWhiteSpace(dto.Name))
                        {
                            errors.Add("name is required");
                        }
                        else if (dto.Name.Length > 200)
                        {
                            errors.Add("name is too long");
                        }

                        if (dto.Amount < 0)
                        {
                            errors.Add("amount must not be negative");
                        }

                        return errors;
                    }

            """,
        n => $$"""

                    public static (decimal Total, decimal Max, int Active) Totals(IReadOnlyList<{{n.Entity}}> items)
                    {
                        var total = 0m;
                        var max = 0m;
                        var active = 0;
                        foreach (var item in items)
                        {
                            total += item.Amount;
                            max = Math.Max(max, item.Amount);
                            if (item.IsActive)
                            {
                                active++;
                            }
                        }

                        return (total, max, active);
                    }

            """,
        n => $$"""

                    public static Dictionary<string, int> TagCounts(IEnumerable<{{n.Entity}}> items)
                    {
                        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                        foreach (var item in items)
                        {
                            foreach (var tag in item.Tags)
                            {
                                counts.TryGetValue(tag, out var count);
                                counts[tag] = count + 1;
                            }
                        }

                        return counts;
                    }

                    public static IEnumerable<string> TopTags(IEnumerable<{{n.Entity}}> items, int take) =>
                        TagCounts(items).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(take).Select(p => p.Key);

            """,
    ];

    private static string Service(Random random, Names n, HashSet<Misuse> misuses)
    {
        var body = new StringBuilder();
        var chains = 2 + random.Next(3);
        var blockingChain = misuses.Contains(Misuse.BlockingChainLeaf) ? random.Next(chains) : -1;
        var upstreamChain = n.Upstream is null ? -1 : random.Next(chains);
        for (var c = 0; c < chains; c++)
        {
            body.Append(Chain(random, n, c, 5 + random.Next(4), c == blockingChain, c == upstreamChain));
        }

        if (misuses.Contains(Misuse.ResultInAsync))
        {
            body.Append($$"""

                        public async Task<{{n.Entity}}Dto?> GetFreshAsync(int id, CancellationToken cancellationToken)
                        {
                            var remote = _client.FetchAsync(id, cancellationToken).Result;
                            if (remote is null)
                            {
                                return await GetAsync(id, cancellationToken).ConfigureAwait(false);
                            }

                            _cache[id] = remote;
                            return remote;
                        }

                """);
        }

        if (misuses.Contains(Misuse.FileReadInAsync))
        {
            body.Append($$"""

                        public async Task<int> LoadSeedAsync(string path, CancellationToken cancellationToken)
                        {
                            var text = File.ReadAllText(path);
                            var saved = 0;
                            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                            {
                                if ({{n.Entity}}Mapper.FromCsvLine(line) is { } dto)
                                {
                                    saved += await _store.SaveAsync({{n.Entity}}Mapper.FromDto(dto), cancellationToken).ConfigureAwait(false);
                                }
                            }

                            return saved;
                        }

                """);
        }

        if (misuses.Contains(Misuse.DroppedTask))
        {
            body.Append($$"""

                        public async Task PublishOpenAsync(CancellationToken cancellationToken)
                        {
                            var open = await ListAsync("open", cancellationToken).ConfigureAwait(false);
                            _client.PushAsync(open, cancellationToken);
                            _log.Info($"{{n.Lower}}: published {open.Count}");
                        }

                """);
        }

        if (misuses.Contains(Misuse.SyncOverAsyncHelper))
        {
            body.Append($$"""

                        public async Task<decimal> CompareAsync(int left, int right, CancellationToken cancellationToken)
                        {
                            var first = await GetAsync(left, cancellationToken).ConfigureAwait(false);
                            var second = Lookup(right);
                            return (first?.Amount ?? 0m) - (second?.Amount ?? 0m);
                        }

                        private {{n.Entity}}Dto? Lookup(int id) => GetAsync(id, CancellationToken.None).GetAwaiter().GetResult();

                """);
        }

        if (misuses.Contains(Misuse.AsyncVoid))
        {
            body.Append("""

                        public async void WarmUp()
                        {
                            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
                        }

                """);
        }

        var upstreamField = n.Upstream is null ? "" : $"\n        private readonly {n.Upstream}? _upstream;\n";
        var upstreamParameter = n.Upstream is null ? "" : $", {n.Upstream}? upstream = null";
        var upstreamAssignment = n.Upstream is null ? "" : "\n            _upstream = upstream;";
        return Namespace(n, $$"""
                public sealed class {{n.Entity}}Service
                {
                    private readonly I{{n.Entity}}Store _store;
                    private readonly {{n.Entity}}Client _client;
                    private readonly {{n.Entity}}Options _options;
                    private readonly ILog _log;
                    private readonly ConcurrentDictionary<int, {{n.Entity}}Dto> _cache = new();
                    private readonly SemaphoreSlim _refreshGate = new(1, 1);
                    private readonly object _statsLock = new();
                    private readonly string _templatePath;{{upstreamField}}
                    private int _hits;
                    private int _misses;

                    public {{n.Entity}}Service(I{{n.Entity}}Store store, {{n.Entity}}Client client, {{n.Entity}}Options options, ILog log{{upstreamParameter}})
                    {
                        _store = store;
                        _client = client;
                        _options = options;
                        _log = log;
                        _templatePath = Path.Combine(options.ExportFolder, "{{n.Lower}}.template");{{upstreamAssignment}}
                    }

                    public double HitRatio
                    {
                        get
                        {
                            lock (_statsLock)
                            {
                                var total = _hits + _misses;
                                return total == 0 ? 0 : (double)_hits / total;
                            }
                        }
                    }

                    public int Cached => _cache.Count;

                    public async Task<{{n.Entity}}Dto?> GetAsync(int id, CancellationToken cancellationToken)
                    {
                        if (_cache.TryGetValue(id, out var cached))
                        {
                            Count(hit: true);
                            return cached;
                        }

                        Count(hit: false);
                        var item = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
                        if (item is null)
                        {
                            _log.Debug($"{{n.Lower}} {id} not found");
                            return null;
                        }

                        var dto = {{n.Entity}}Mapper.ToDto(item);
                        _cache[id] = dto;
                        return dto;
                    }

                    public async Task<IReadOnlyList<{{n.Entity}}Dto>> ListAsync(string status, CancellationToken cancellationToken)
                    {
                        var items = await _store.ListAsync({{n.Entity}}Mapper.Normalize(status), cancellationToken).ConfigureAwait(false);
                        var dtos = {{n.Entity}}Mapper.ToDtos(items);
                        foreach (var dto in dtos)
                        {
                            _cache[dto.Id] = dto;
                        }

                        return dtos;
                    }

                    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
                    {
                        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            var fresh = await _store.ListAsync("open", cancellationToken).ConfigureAwait(false);
                            _cache.Clear();
                            foreach (var item in fresh)
                            {
                                _cache[item.Id] = {{n.Entity}}Mapper.ToDto(item);
                            }

                            _log.Info($"{{n.Lower}}: refreshed {fresh.Count} entries");
                            return fresh.Count;
                        }
                        finally
                        {
                            _refreshGate.Release();
                        }
                    }

                    public async Task<{{n.Entity}}Dto> UpdateAsync({{n.Entity}}Dto dto, CancellationToken cancellationToken)
                    {
                        var remote = await _client.FetchAsync(dto.Id, cancellationToken).ConfigureAwait(false);
                        var merged = remote is null ? dto : {{n.Entity}}Mapper.Merge(dto, remote);
                        var affected = await _store.SaveAsync({{n.Entity}}Mapper.FromDto(merged), cancellationToken).ConfigureAwait(false);
                        if (affected == 0)
                        {
                            throw new InvalidOperationException($"{{n.Lower}} {dto.Id} does not exist");
                        }

                        _cache[merged.Id] = merged;
                        return merged;
                    }

                    public async Task<IReadOnlyList<{{n.Entity}}Summary>> SummaryAsync(CancellationToken cancellationToken)
                    {
                        var open = await ListAsync("open", cancellationToken).ConfigureAwait(false);
                        var closed = await ListAsync("closed", cancellationToken).ConfigureAwait(false);
                        return open.Concat(closed)
                            .GroupBy(d => d.Status)
                            .Select(g => new {{n.Entity}}Summary(g.Key, g.Count(), g.Sum(d => d.Amount)))
                            .OrderBy(s => s.Status, StringComparer.Ordinal)
                            .ToList();
                    }

                    private void Count(bool hit)
                    {
                        lock (_statsLock)
                        {
                            if (hit)
                            {
                                _hits++;
                            }
                            else
                            {
                                _misses++;
                            }
                        }
                    }
            {{body}}    }
            """);
    }

    /// <summary>
    /// A helper call graph <paramref name="depth"/> levels deep: an async entry point, async helpers that await I/O, then
    /// synchronous helpers (pure computation, or with <paramref name="blocking"/> a file read at the bottom).
    /// </summary>
    private static string Chain(Random random, Names n, int c, int depth, bool blocking, bool upstream)
    {
        var asyncLevels = 2 + random.Next(depth - 3); // at least two async and two sync levels
        var text = new StringBuilder();
        text.Append($$"""

                    public async Task<decimal> Score{{c}}Async(int id, CancellationToken cancellationToken)
                    {
                        var item = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
                        if (item is null)
                        {
                            return 0m;
                        }

                        var score = await Score{{c}}Level1Async(item, cancellationToken).ConfigureAwait(false);
                        _log.Debug($"{{n.Lower}} {id}: score {score}");
                        return score;
                    }

            """);
        for (var level = 1; level < asyncLevels; level++)
        {
            var next = level + 1 < asyncLevels
                ? $"await Score{c}Level{level + 1}Async(item, cancellationToken).ConfigureAwait(false)"
                : $"Score{c}Level{level + 1}(item, related)";
            var io = (level % 3) switch
            {
                1 => $"var related = await _store.ListAsync(item.Status, cancellationToken).ConfigureAwait(false);",
                2 when upstream => $"var upstream = _upstream is null ? null : await _upstream.GetAsync(item.Id, cancellationToken).ConfigureAwait(false);\n            IReadOnlyList<{n.Entity}> related = upstream is null ? Array.Empty<{n.Entity}>() : new[] {{ item }};",
                _ => $"var remote = await _client.FetchAsync(item.Id, cancellationToken).ConfigureAwait(false);\n            IReadOnlyList<{n.Entity}> related = remote is null ? Array.Empty<{n.Entity}>() : new[] {{ {n.Entity}Mapper.FromDto(remote) }};",
            };
            text.Append($$"""

                        private async Task<decimal> Score{{c}}Level{{level}}Async({{n.Entity}} item, CancellationToken cancellationToken)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            {{io}}
                            var next = {{next}};
                            return Math.Round(next + item.Amount / {{level + 1}}m + related.Count, 2);
                        }

                """);
        }

        for (var level = asyncLevels; level <= depth; level++)
        {
            string result;
            if (level < depth)
            {
                result = $"Score{c}Level{level + 1}(item, related) + weight";
            }
            else if (blocking)
            {
                result = "weight + File.ReadAllText(_templatePath).Length";
            }
            else
            {
                result = $"weight + {n.Entity}Mapper.Weight(item)";
            }

            text.Append($$"""

                        private decimal Score{{c}}Level{{level}}({{n.Entity}} item, IReadOnlyList<{{n.Entity}}> related)
                        {
                            var weight = 0m;
                            foreach (var other in related)
                            {
                                if (other.Id != item.Id && string.Equals(other.Status, item.Status, StringComparison.Ordinal))
                                {
                                    weight += other.Amount * {{level}} / 100m;
                                }
                            }

                            return {{result}};
                        }

                """);
        }

        return text.ToString();
    }

    private static string Client(Names n, HashSet<Misuse> misuses)
    {
        var extra = misuses.Contains(Misuse.SleepInRetry)
            ? $$"""

                        public async Task<bool> PingAsync(CancellationToken cancellationToken)
                        {
                            for (var attempt = 1; attempt <= _options.MaxRetries; attempt++)
                            {
                                try
                                {
                                    using var response = await _http.GetAsync("health", cancellationToken).ConfigureAwait(false);
                                    return response.IsSuccessStatusCode;
                                }
                                catch (HttpRequestException ex) when (attempt < _options.MaxRetries)
                                {
                                    _log.Warn($"{{n.Lower}}: ping failed ({attempt})", ex);
                                    Thread.Sleep(_options.RetryDelay);
                                }
                            }

                            return false;
                        }

                """
            : "";
        return Namespace(n, $$"""
                public sealed class {{n.Entity}}Client : IDisposable
                {
                    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

                    private readonly HttpClient _http;
                    private readonly {{n.Entity}}Options _options;
                    private readonly ILog _log;

                    public {{n.Entity}}Client(HttpClient http, {{n.Entity}}Options options, ILog log)
                    {
                        _http = http;
                        _options = options;
                        _log = log;
                    }

                    public async Task<{{n.Entity}}Dto?> FetchAsync(int id, CancellationToken cancellationToken)
                    {
                        using var response = await _http.GetAsync("api/{{n.Table}}/" + id.ToString(CultureInfo.InvariantCulture), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                        if (response.StatusCode == HttpStatusCode.NotFound)
                        {
                            return null;
                        }

                        response.EnsureSuccessStatusCode();
                        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                        return await JsonSerializer.DeserializeAsync<{{n.Entity}}Dto>(stream, Json, cancellationToken).ConfigureAwait(false);
                    }

                    public Task<IReadOnlyList<{{n.Entity}}Dto>> SearchAsync(string query, CancellationToken cancellationToken) =>
                        Retry.RunAsync(token => SearchOnceAsync(query, token), _options.MaxRetries, _options.RetryDelay, cancellationToken);

                    public async Task PushAsync(IReadOnlyList<{{n.Entity}}Dto> items, CancellationToken cancellationToken)
                    {
                        var payload = JsonSerializer.Serialize(items, Json);
                        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
                        using var response = await _http.PostAsync("api/{{n.Table}}/batch", content, cancellationToken).ConfigureAwait(false);
                        if (!response.IsSuccessStatusCode)
                        {
                            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                            _log.Warn($"{{n.Lower}}: push of {items.Count} failed with {(int)response.StatusCode}: {body}");
                            response.EnsureSuccessStatusCode();
                        }
                    }

                    public void Dispose() => _http.Dispose();

                    private async Task<IReadOnlyList<{{n.Entity}}Dto>> SearchOnceAsync(string query, CancellationToken cancellationToken)
                    {
                        var url = "api/{{n.Table}}?q=" + Uri.EscapeDataString(query);
                        using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                        response.EnsureSuccessStatusCode();
                        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                        var found = await JsonSerializer.DeserializeAsync<List<{{n.Entity}}Dto>>(stream, Json, cancellationToken).ConfigureAwait(false);
                        return found ?? new List<{{n.Entity}}Dto>();
                    }
            {{extra}}    }
            """);
    }

    private static string Worker(Names n, HashSet<Misuse> misuses) => Namespace(n, $$"""
                public sealed class {{n.Entity}}Worker
                {
                    private readonly Channel<int> _queue = Channel.CreateBounded<int>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.Wait });
                    private readonly {{n.Entity}}Service _service;
                    private readonly {{n.Entity}}Options _options;
                    private readonly ILog _log;
                    private long _processed;

                    public {{n.Entity}}Worker({{n.Entity}}Service service, {{n.Entity}}Options options, ILog log)
                    {
                        _service = service;
                        _options = options;
                        _log = log;
                    }

                    public long Processed => Interlocked.Read(ref _processed);

                    public ValueTask EnqueueAsync(int id, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(id, cancellationToken);

                    public void Complete() => _queue.Writer.TryComplete();

                    public async Task RunAsync(CancellationToken cancellationToken)
                    {
                        await foreach (var id in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                        {
                            try
                            {
                                var score = await _service.Score0Async(id, cancellationToken).ConfigureAwait(false);
                                if (score > 0)
                                {
                                    Interlocked.Increment(ref _processed);
                                }
                            }
                            catch (Exception ex) when (ex is not OperationCanceledException)
                            {
                                _log.Error(ex, $"{{n.Lower}} {id}: processing failed");
                            }
                        }
                    }

                    public async Task PollAsync(CancellationToken cancellationToken)
                    {
                        using var timer = new PeriodicTimer(_options.PollInterval);
                        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var refreshed = await _service.RefreshAsync(cancellationToken).ConfigureAwait(false);
                            _log.Debug($"{{n.Lower}}: poll refreshed {refreshed}");
                        }
                    }

                    public async Task<int> ExportAsync(string status, CancellationToken cancellationToken)
                    {
                        Directory.CreateDirectory(_options.ExportFolder);
                        var path = Path.Combine(_options.ExportFolder, "{{n.Lower}}-" + status + ".csv");
                        var items = await _service.ListAsync(status, cancellationToken).ConfigureAwait(false);
                        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
                        await using var writer = new StreamWriter(stream, Encoding.UTF8);
                        foreach (var item in items)
                        {
                            await writer.WriteLineAsync({{n.Entity}}Mapper.ToCsvLine(item).AsMemory(), cancellationToken).ConfigureAwait(false);
                        }

                        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return items.Count;
                    }

                    public async Task<int> ImportAsync(string path, CancellationToken cancellationToken)
                    {
                        using var reader = new StreamReader(path, Encoding.UTF8);
                        var imported = 0;
                        var rejected = 0;
                        string? line;
                        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
                        {
                            if ({{n.Entity}}Mapper.FromCsvLine(line) is not { } dto)
                            {
                                rejected++;
                                continue;
                            }

                            await _service.UpdateAsync(dto, cancellationToken).ConfigureAwait(false);
                            imported++;
                        }

                        if (rejected > 0)
                        {
                            _log.Warn($"{{n.Lower}}: {rejected} lines of {path} rejected");
                        }

                        return imported;
                    }
                }
            """);

    /// <summary><paramref name="count"/> distinct indexes below <paramref name="length"/>, in ascending order.</summary>
    private static IEnumerable<int> Pick(Random random, int length, int count)
    {
        var chosen = new SortedSet<int>();
        count = Math.Min(count, length);
        while (chosen.Count < count)
        {
            chosen.Add(random.Next(length));
        }

        return chosen;
    }
}
