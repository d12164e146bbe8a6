using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An embedded resource (<c>assembly.GetManifestResourceStream(name)</c>) is mapped with the loaded assembly: reading it
/// is reading memory (puppeteer-sharp's injected script), for TW102 at the call and for TW104 as a leaf. A stream a
/// method is handed, or a file, is still read synchronously.
/// </summary>
public class TW102EmbeddedResourceTests
{
    private const string Usings = """
        using System.IO;
        using System.Reflection;
        using System.Threading.Tasks;

        """;

    private const string Injector = """
        static class ScriptInjector
        {
            private static string _source;

            public static string Source()
            {
                if (string.IsNullOrEmpty(_source))
                {
                    var assembly = Assembly.GetExecutingAssembly();
                    using var stream = assembly.GetManifestResourceStream("Injected.injected.js");
                    using var reader = new StreamReader(stream);
                    _source = reader.ReadToEnd();
                }

                return _source;
            }

            public static async Task<string> TemplateAsync(string name)
            {
                await Task.Yield();
                using var reader = new StreamReader(typeof(ScriptInjector).Assembly.GetManifestResourceStream(name));
                return reader.ReadToEnd();
            }

            public static async Task<string> InjectAsync()
            {
                await Task.Yield();
                return Source();
            }
        }

        """;

    [Fact]
    public Task Ignores_reading_an_embedded_resource_in_an_async_method() => TW102.VerifyAnalyzerAsync(Usings + Injector);

    [Fact]
    public Task Ignores_chains_to_a_helper_that_reads_an_embedded_resource() => TW104.VerifyAnalyzerAsync(Usings + Injector);

    private const string Readers = """
        static class Templates
        {
            public static string Read(Stream stream)
            {
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }

            public static string ReadFile(string path)
            {
                using var reader = new StreamReader(File.OpenRead(path));
                return reader.ReadToEnd();
            }
        }

        """;

    [Fact]
    public Task Flags_reading_a_stream_it_is_handed_or_a_file() => TW102.VerifyAnalyzerAsync(Usings + Readers + """
        static class Loader
        {
            public static async Task<string> LoadAsync(Stream stream, string path)
            {
                await Task.Yield();
                using var reader = new StreamReader(stream);
                using var file = new StreamReader(File.OpenRead(path));
                return [|reader.ReadToEnd()|] + [|file.ReadToEnd()|];
            }
        }
        """);

    [Fact]
    public Task Flags_chains_to_a_helper_that_reads_a_file() => TW104.VerifyAnalyzerAsync(Usings + Readers + """
        static class Loader
        {
            public static async Task<string> LoadAsync(string path)
            {
                await Task.Yield();
                return [|Templates.ReadFile(path)|];
            }
        }
        """);
}
