using TW103 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A pause in a catch handler is the back-off of a retry: TW103 does not report it and TW104 does not take it as a leaf.
/// Real waits and real I/O in the same catch, and pauses outside a catch, are still reported.
/// </summary>
public class RetryBackoffTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Xml;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task TW104_ignores_a_cache_file_opened_with_a_delay_backoff_after_an_IOException() => TW104.VerifyAnalyzerAsync(Usings + """
        sealed class MappingCache
        {
            private readonly Dictionary<string, string> _entries = new Dictionary<string, string>();
            private readonly string _path;

            public MappingCache(string path) => _path = path;

            public async Task<string?> FindAsync(string key)
            {
                await Task.Yield();
                return Lookup(key);
            }

            public async Task RememberAsync(string key, string value)
            {
                await Task.Yield();
                _entries[key] = value;
                Persist();
            }

            private string? Lookup(string key)
            {
                if (_entries.Count == 0)
                {
                    Load();
                }

                return _entries.TryGetValue(key, out var value) ? value : null;
            }

            private void Load()
            {
                using var stream = OpenWithRetries(FileMode.OpenOrCreate);
                _entries["loaded"] = stream.Length.ToString();
            }

            private void Persist()
            {
                using var stream = OpenWithRetries(FileMode.Create);
                stream.WriteByte(1);
            }

            private FileStream OpenWithRetries(FileMode mode)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        return new FileStream(_path, mode, FileAccess.ReadWrite, FileShare.None);
                    }
                    catch (IOException) when (attempt < 5)
                    {
                        Task.Delay(10 << attempt).Wait();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task TW104_ignores_a_thread_sleep_backoff_in_a_catch_that_retries() => TW104.VerifyAnalyzerAsync(Usings + """
        sealed class SettingsWriter
        {
            public async Task SaveAsync(string path, string xml)
            {
                await Task.Yield();
                Save(path, xml);
            }

            private static void Save(string path, string xml)
            {
                var document = new XmlDocument();
                document.LoadXml(xml);
                for (var attempt = 1; attempt <= 3; attempt++)
                {
                    try
                    {
                        Replace(path, document);
                        return;
                    }
                    catch (UnauthorizedAccessException)
                    {
                        Thread.Sleep(attempt * 50);
                    }
                }
            }

            private static void Replace(string path, XmlDocument document) => document.PreserveWhitespace = path.Length > 0;
        }
        """);

    [Fact]
    public Task TW103_ignores_a_delay_backoff_in_a_catch_of_a_sync_helper() => TW103.VerifyAnalyzerAsync(Usings + """
        static class FileRetry
        {
            public static string ReadShared(string path)
            {
                var delay = 1;
                while (true)
                {
                    try
                    {
                        return path.Trim();
                    }
                    catch (IOException) when (delay < 200)
                    {
                        Task.Delay(delay).GetAwaiter().GetResult();
                        delay *= 2;
                    }
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task TW104_flags_a_fallback_read_in_a_catch_and_a_pause_outside_a_catch() => TW104.VerifyAnalyzerAsync(Usings + """
        sealed class ProfileStore
        {
            public async Task<string> LoadAsync(string path)
            {
                await Task.Yield();
                var text = {|#0:ReadWithFallback(path)|};
                {|#1:Throttle()|};
                return text;
            }

            private static string ReadWithFallback(string path)
            {
                try
                {
                    return path.ToUpperInvariant();
                }
                catch (ArgumentException)
                {
                    return File.ReadAllText(path + ".bak");
                }
            }

            private static void Throttle() => Thread.Sleep(100);
        }
        """,
        TW104.Diagnostic().WithLocation(0),
        TW104.Diagnostic().WithLocation(1));

    [Fact]
    public Task TW103_flags_a_real_wait_in_a_catch_and_a_delay_outside_one() => TW103.VerifyAnalyzerAsync(Usings + """
        sealed class Uploader
        {
            private readonly Func<Task> _send;

            public Uploader(Func<Task> send) => _send = send;

            public void Upload()
            {
                try
                {
                    {|#0:Task.Delay(5).Wait()|};
                }
                catch (TimeoutException)
                {
                    {|#1:_send().Wait()|};
                }
            }
        }
        """,
        TW103.Diagnostic().WithLocation(0),
        TW103.Diagnostic().WithLocation(1));
}
