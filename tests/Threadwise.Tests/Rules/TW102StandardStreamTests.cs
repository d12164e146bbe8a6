using Microsoft.CodeAnalysis;
using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// The process's standard streams are the console, as <c>Console.Out</c> is: a writer over
/// <c>Console.OpenStandardError()</c>, and a field or property of the program's own that only ever holds one (an interface
/// property through its implementations: git-credential-manager's <c>Context.Streams.Error.WriteLine(..)</c>). Their
/// <c>…Async</c> methods write synchronously, so awaiting them frees no thread. Not reported directly (TW102) nor as a
/// leaf of a helper (TW104). A writer of the same shape over a file, or a property that may hand out one, is. Another
/// assembly's property is judged by its name (<c>Out</c>/<c>Error</c>/<c>In</c> of an <c>IStandardStreams</c> or a console
/// type) unless the compilation implements or overrides it.
/// </summary>
public class TW102StandardStreamTests
{
    private const string Streams = """
        using System;
        using System.IO;
        using System.Text;
        using System.Threading.Tasks;

        public interface IStandardStreams
        {
            TextReader In { get; }
            TextWriter Out { get; }
            TextWriter Error { get; }
        }

        public class StandardStreams : IStandardStreams
        {
            private TextReader? _stdIn;
            private TextWriter? _stdOut;
            private TextWriter? _stdErr;

            public TextReader In
            {
                get
                {
                    if (_stdIn == null)
                    {
                        _stdIn = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
                    }

                    return _stdIn;
                }
            }

            public TextWriter Out => _stdOut ??= new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };

            public TextWriter Error
            {
                get
                {
                    if (_stdErr == null)
                    {
                        _stdErr = new StreamWriter(Console.OpenStandardError(), Encoding.UTF8) { AutoFlush = true };
                    }

                    return _stdErr;
                }
            }
        }

        public interface ICommandContext { IStandardStreams Streams { get; } }

        """;

    [Fact]
    public Task Ignores_writes_and_reads_through_the_programs_own_standard_streams() => TW102.VerifyAnalyzerAsync(Streams + """
        sealed class GetCommand
        {
            private readonly ICommandContext _context;
            private readonly TextWriter _log = new StreamWriter(Console.OpenStandardError());

            public GetCommand(ICommandContext context) => _context = context;

            public async Task ExecuteAsync(Func<string, Task<string>> lookup)
            {
                var request = _context.Streams.In.ReadLine() ?? "";
                var answer = await lookup(request);
                _context.Streams.Out.WriteLine(answer);
                _context.Streams.Error.WriteLine("done");
                _context.Streams.Error.Flush();
                _log.WriteLine(answer);
                using var raw = new StreamWriter(Console.OpenStandardOutput());
                raw.Write(answer);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_that_writes_to_standard_error_as_a_leaf() => TW104.VerifyAnalyzerAsync(Streams + """
        sealed class GetCommand
        {
            private readonly ICommandContext _context;

            public GetCommand(ICommandContext context) => _context = context;

            public async Task ExecuteAsync(Func<Task<string>> lookup)
            {
                var answer = await lookup();
                Trace(answer);
            }

            private void Trace(string text) => _context.Streams.Error.WriteLine(text);
        }
        """);

    [Fact]
    public Task Flags_writers_over_files_and_properties_that_may_hand_out_a_file() => TW102.VerifyAnalyzerAsync(Streams + """
        public interface ISink { TextWriter Writer { get; } }

        public sealed class ConsoleSink : ISink { public TextWriter Writer => new StreamWriter(Console.OpenStandardOutput()); }

        public sealed class FileSink : ISink { public TextWriter Writer => new StreamWriter("out.log"); }

        public class Logs
        {
            public virtual TextWriter Current => new StreamWriter(Console.OpenStandardError());
        }

        sealed class Exporter
        {
            private readonly ISink _sink;
            private readonly Logs _logs;
            private TextWriter _target = new StreamWriter(Console.OpenStandardOutput());

            public Exporter(ISink sink, Logs logs)
            {
                _sink = sink;
                _logs = logs;
            }

            public void Redirect(string path) => _target = new StreamWriter(path);

            public async Task ExportAsync(Func<Task<string>> produce)
            {
                var text = await produce();
                [|_sink.Writer.WriteLine(text)|];
                [|_logs.Current.WriteLine(text)|];
                [|_target.WriteLine(text)|];
            }
        }
        """);

    private const string DictionaryExtensions = """
        public static class StreamExtensions
        {
            public static void WriteDictionary(this TextWriter writer, System.Collections.Generic.IDictionary<string, string> values)
            {
                foreach (var pair in values)
                {
                    writer.WriteLine($"{pair.Key}={pair.Value}");
                }

                writer.WriteLine();
            }

            public static async Task WriteDictionaryAsync(this TextWriter writer, System.Collections.Generic.IDictionary<string, string> values)
            {
                foreach (var pair in values)
                {
                    await writer.WriteLineAsync($"{pair.Key}={pair.Value}");
                }

                await writer.WriteLineAsync();
            }

            public static void CopyDictionary(this TextWriter writer, TextWriter copy, System.Collections.Generic.IDictionary<string, string> values)
            {
                writer.WriteDictionary(values);
                copy.WriteDictionary(values);
            }

            public static Task CopyDictionaryAsync(this TextWriter writer, TextWriter copy, System.Collections.Generic.IDictionary<string, string> values) =>
                Task.WhenAll(writer.WriteDictionaryAsync(values), copy.WriteDictionaryAsync(values));
        }

        """;

    [Fact]
    public Task Ignores_a_source_extension_called_on_a_standard_stream() => TW102.VerifyAnalyzerAsync(Streams + DictionaryExtensions + """
        sealed class GetCommand
        {
            private readonly ICommandContext _context;

            public GetCommand(ICommandContext context) => _context = context;

            public async Task ExecuteAsync(Func<Task<System.Collections.Generic.IDictionary<string, string>>> lookup)
            {
                var result = await lookup();
                _context.Streams.Out.WriteDictionary(result);
                Console.Error.WriteDictionary(result);
                var memory = new StringWriter();
                memory.WriteDictionary(result);
                _context.Streams.Out.CopyDictionary(Console.Error, result);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_whose_leaf_is_an_extension_on_a_standard_stream() => TW104.VerifyAnalyzerAsync(Streams + DictionaryExtensions + """
        abstract class HelperCommand
        {
            protected HelperCommand(ICommandContext context) => Context = context;

            protected ICommandContext Context { get; }

            protected void WriteResult(System.Collections.Generic.IDictionary<string, string> result) => Context.Streams.Out.WriteDictionary(result);
        }

        sealed class CredentialsCommand : HelperCommand
        {
            public CredentialsCommand(ICommandContext context) : base(context) { }

            public async Task ExecuteAsync(Func<Task<System.Collections.Generic.IDictionary<string, string>>> prompt)
            {
                var result = await prompt();
                WriteResult(result);
            }
        }
        """);

    [Fact]
    public Task Flags_a_source_extension_called_on_a_file_writer_or_given_one() => TW102.VerifyAnalyzerAsync(Streams + DictionaryExtensions + """
        sealed class Exporter
        {
            private readonly ICommandContext _context;

            public Exporter(ICommandContext context) => _context = context;

            public async Task ExportAsync(Func<Task<System.Collections.Generic.IDictionary<string, string>>> lookup, string path)
            {
                var result = await lookup();
                await using (var file = new StreamWriter(path))
                {
                    [|file.WriteDictionary(result)|];
                    [|_context.Streams.Out.CopyDictionary(file, result)|];
                    await file.FlushAsync();
                }
            }
        }
        """);
    // ---- the same abstractions read from another assembly: named as the standard streams -------------------------

    // A command-line program's core library, seen by its provider assemblies only as metadata.
    private static readonly MetadataReference CoreLibrary = TestReferences.Library("Cli.Core", """
        using System;
        using System.IO;

        namespace Cli.Core
        {
            public interface IStandardStreams
            {
                TextReader In { get; }
                TextWriter Out { get; }
                TextWriter Error { get; }
            }

            public interface IConsole
            {
                TextWriter Out { get; }
                TextWriter Error { get; }
                TextReader In { get; }
            }

            public interface ICommandContext
            {
                IStandardStreams Streams { get; }
                IConsole Console { get; }
                ILogSink Sink { get; }
            }

            public interface ILogSink
            {
                TextWriter Out { get; }
                TextWriter Log { get; }
            }

            public interface IStandardStreamsFactory { IStandardStreams Create(); }

            public class ConsoleHost
            {
                public virtual TextWriter Out => Console.Out;
            }
        }
        """);

    private const string CoreUsings = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading.Tasks;
        using Cli.Core;

        """;

    [Fact]
    public Task Ignores_standard_streams_of_another_assembly_read_and_written_directly() => new TW102.Test
    {
        TestCode = CoreUsings + """
            sealed class AccountsCommand
            {
                private readonly ICommandContext _context;

                public AccountsCommand(ICommandContext context) => _context = context;

                public async Task<int> ExecuteAsync(Func<string, Task<bool>> exists)
                {
                    var account = _context.Streams.In.ReadLine() ?? "";
                    if (await exists(account))
                    {
                        _context.Streams.Out.WriteLine($"Account '{account}' already has credentials");
                        return 0;
                    }

                    _context.Console.Error.WriteLine("error: no such account");
                    _context.Console.Out.Flush();
                    return 1;
                }
            }
            """,
        AdditionalReferences = { CoreLibrary },
    }.RunAsync();

    [Fact]
    public Task Ignores_a_helper_whose_leaf_writes_to_standard_error_of_another_assembly() => new TW104.Test
    {
        TestCode = CoreUsings + """
            sealed class HostProvider
            {
                private readonly ICommandContext _context;

                public HostProvider(ICommandContext context) => _context = context;

                public async Task<string> GetCredentialAsync(Func<Task<string>> token)
                {
                    if (UseServicePrincipal(out var id))
                    {
                        return id + await token();
                    }

                    return await token();
                }

                private bool UseServicePrincipal(out string id)
                {
                    id = Environment.GetEnvironmentVariable("SP_ID") ?? "";
                    if (id.Length == 0)
                    {
                        _context.Streams.Error.WriteLine("error: unable to use configured service principal - missing client ID");
                        return false;
                    }

                    return true;
                }
            }
            """,
        AdditionalReferences = { CoreLibrary },
    }.RunAsync();

    [Fact]
    public Task Flags_other_writers_of_another_assembly_and_standard_streams_implemented_in_source() => new TW102.Test
    {
        TestCode = CoreUsings + """
            // The program's own implementation may hand out anything: its getters are read instead of the names.
            sealed class FileStreams : IStandardStreams
            {
                public TextReader In => new StreamReader("in.txt");
                public TextWriter Out => new StreamWriter("out.txt");
                public TextWriter Error => new StreamWriter("err.txt");
            }

            sealed class LoggedConsole : ConsoleHost
            {
                public override TextWriter Out => new StreamWriter("console.log");
            }

            sealed class Exporter
            {
                private readonly ICommandContext _context;
                private readonly IStandardStreams _files = new FileStreams();
                private readonly ConsoleHost _host = new LoggedConsole();

                public Exporter(ICommandContext context) => _context = context;

                public async Task ExportAsync(Func<Task<string>> produce, Process child)
                {
                    var text = await produce();
                    [|_context.Sink.Log.WriteLine(text)|];
                    [|_context.Sink.Out.WriteLine(text)|];
                    [|_files.Out.WriteLine(text)|];
                    [|_host.Out.WriteLine(text)|];
                    var answer = [|child.StandardOutput.ReadLine()|];
                    [|child.StandardError.ReadToEnd()|];
                }
            }
            """,
        AdditionalReferences = { CoreLibrary },
    }.RunAsync();
    [Fact]
    public async Task Judges_another_assemblys_property_afresh_in_each_compilation()
    {
        // The referenced assembly's symbols are shared by both compilations (as by the IDE's next edit): the answer for
        // the first, which implements nothing, must not stand for the second, whose own implementation writes a file.
        const string Writer = """
            sealed class Reporter
            {
                private readonly IStandardStreams _streams;

                public Reporter(IStandardStreams streams) => _streams = streams;

                public async Task ReportAsync(Func<Task<string>> produce) => WRITE;
            }
            """;

        await new TW102.Test
        {
            TestCode = CoreUsings + Writer.Replace("WRITE", "_streams.Out.WriteLine(await produce())"),
            AdditionalReferences = { CoreLibrary },
        }.RunAsync();

        await new TW102.Test
        {
            TestCode = CoreUsings + Writer.Replace("WRITE", "[|_streams.Out.WriteLine(await produce())|]") + """

                sealed class FileStreams : IStandardStreams
                {
                    public TextReader In => new StreamReader("in.txt");
                    public TextWriter Out => new StreamWriter("out.txt");
                    public TextWriter Error => new StreamWriter("err.txt");
                }
                """,
            AdditionalReferences = { CoreLibrary },
        }.RunAsync();
    }
}
