using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Rules.Blocking;
using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

public class CallSummariesTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>Each named method's summary as "depth:next-or-leaf", "-" when it does not block.</summary>
    private static Dictionary<string, string> Summaries(string source, params string[] names)
    {
        var compiled = TestCompilation.Create(Usings + source);
        var types = KnownTypes.Create(compiled.Compilation);
        var counterparts = new AsyncCounterpart(types);
        var summaries = new CallSummaries((m, ct) => MethodFacts.Read(m, compiled.Compilation, types, counterparts, ct));
        var type = compiled.Compilation.GetTypeByMetadataName("C")!;
        var result = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var method = (IMethodSymbol)type.GetMembers(name).Single();
            var summary = summaries.Get(method, CancellationToken.None);
            result[name] = summary.Blocks ? $"{summary.Depth}:{summary.Next?.Name ?? summary.Leaf}" : "-";
        }

        return result;
    }

    /// <summary>Whether each marked call or property read is followed.</summary>
    private static List<bool> Followed(string source)
    {
        var compiled = TestCompilation.Create(Usings + source);
        var types = KnownTypes.Create(compiled.Compilation);
        var followed = new List<bool>();
        foreach (var span in compiled.Spans)
        {
            var node = compiled.SyntaxTree.GetRoot().FindNode(span, getInnermostNodeForTie: true);
            var operation = compiled.SemanticModel.GetOperation(node)!;
            followed.Add(CallSummaries.FollowedTarget(operation, types) != null);
        }

        return followed;
    }

    [Fact]
    public void Resolves_cycles_with_the_shortest_chain()
    {
        var summaries = Summaries("""
            class C
            {
                void A() { B(); }
                void B() { C1(); D(); }
                void C1() { A(); Leaf(); }
                void D() { E(); }
                void E() { A(); }
                void Leaf() => Thread.Sleep(1);
                void Alone() { Alone(); Other(); }
                void Other() { Alone(); }
            }
            """, "A", "B", "C1", "D", "E", "Leaf", "Alone", "Other");

        Assert.Equal("4:B", summaries["A"]);
        Assert.Equal("3:C1", summaries["B"]);
        Assert.Equal("2:Leaf", summaries["C1"]);
        Assert.Equal("6:E", summaries["D"]);
        Assert.Equal("5:A", summaries["E"]);
        Assert.Equal("1:Thread.Sleep", summaries["Leaf"]);
        Assert.Equal("-", summaries["Alone"]);
        Assert.Equal("-", summaries["Other"]);
    }

    [Fact]
    public void Leaves_are_TW101_and_TW102_blocking_outside_lambdas()
    {
        var summaries = Summaries("""
            class C
            {
                Task<int> _pending = Task.Delay(1).ContinueWith(_ => 1);
                int Wait() => _pending.Result;
                int CallerTask(Task<int> t) => t.Result;
                string CallerStream(Stream s) => new StreamReader(s).ReadToEnd();
                int Done() => Task.FromResult(1).Result;
                void Offloaded(string p) { Task.Run(() => File.ReadAllText(p)); Action a = () => Thread.Sleep(1); }
                void Memory() { using var s = new MemoryStream(); s.Write(new byte[1], 0, 1); Console.WriteLine(); }
                void Polls(SemaphoreSlim gate) { gate.Wait(0); Thread.Sleep(0); }
                void Io(string path) { using var s = File.OpenWrite(path); s.Flush(); }
            }
            """, "Wait", "CallerTask", "CallerStream", "Done", "Offloaded", "Memory", "Polls", "Io");

        Assert.Equal("1:_pending.Result", summaries["Wait"]);
        Assert.Equal("-", summaries["CallerTask"]);
        Assert.Equal("-", summaries["CallerStream"]);
        Assert.Equal("-", summaries["Done"]);
        Assert.Equal("-", summaries["Offloaded"]);
        Assert.Equal("-", summaries["Memory"]);
        Assert.Equal("-", summaries["Polls"]);
        Assert.Equal("1:FileStream.Flush", summaries["Io"]);
    }

    [Fact]
    public void Follows_only_source_members_whose_implementation_is_known() => Assert.Equal(
        new[] { true, false, false, true, true, false, false, true, true, false, false },
        Followed("""
            interface I { void M(); }
            class Base { public virtual void V() { } public virtual int P => 1; }
            sealed class Sealed : Base { public override void V() { } }
            class C : Base
            {
                void Plain() { }
                async Task Async() => await Task.Yield();
                Task Returning() => Task.CompletedTask;
                int Prop => 1;
                int Auto { get; set; }

                async Task M(I i, Sealed s)
                {
                    [|Plain()|];
                    [|i.M()|];
                    [|V()|];
                    [|s.V()|];
                    [|base.V()|];
                    await [|Async()|];
                    await [|Returning()|];
                    _ = [|Prop|];
                    [|Local()|];
                    [|Auto|] = 1;
                    [|File.Exists("x")|];

                    void Local() { }
                }
            }
            """));

    [Fact]
    public void Error_paths_and_deliberate_leaves_are_not_leaves()
    {
        var summaries = Summaries("""
            class C
            {
                Task<int> _pending = Task.Delay(1).ContinueWith(_ => 1);
                int Wait() => _pending.Result;
                Exception Break() { Wait(); return new Exception(); }
                void ThrowsBreak() => throw Break();
                void ThrowsInBlock() { Wait(); throw new InvalidOperationException(); }
                void ThrowsEitherWay(bool a) { Wait(); if (a) throw new ArgumentException(); else { throw new InvalidOperationException(); } }
                void MayReturn(bool a) { if (a) return; Wait(); throw new InvalidOperationException(); }
                void ThrowsIf(bool bad) { if (bad) throw Break(); }
                int CallsThrowHelper(int x) { if (x < 0) ThrowsBreak(); return x; }
                [System.Diagnostics.CodeAnalysis.DoesNotReturn] void Fatal() { Wait(); Environment.FailFast("x"); }
                int CallsFatal(int x) { if (x < 0) Fatal(); return x; }
                int Filter() { try { return 1; } catch (Exception) when (Wait() > 0) { return 0; } }
                int Caught() { try { return 1; } catch (Exception) { return Wait(); } }
                int Suppressed()
                {
            #pragma warning disable TW101
                    return _pending.Result;
            #pragma warning restore TW101
                }
                [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits")]
                int Attributed() => _pending.Result;
                int ThroughAttributed() => Attributed() + Suppressed();
                void Loop() { while (true) { Thread.Sleep(1); } }
            }
            """, "Break", "ThrowsBreak", "ThrowsInBlock", "ThrowsEitherWay", "MayReturn", "ThrowsIf", "CallsThrowHelper", "Fatal", "CallsFatal",
            "Filter", "Caught", "Suppressed", "Attributed", "ThroughAttributed", "Loop");

        Assert.Equal("2:Wait", summaries["Break"]);
        Assert.Equal("-", summaries["ThrowsBreak"]);
        Assert.Equal("-", summaries["ThrowsInBlock"]);
        Assert.Equal("-", summaries["ThrowsEitherWay"]);
        Assert.Equal("2:Wait", summaries["MayReturn"]);
        Assert.Equal("-", summaries["ThrowsIf"]);
        Assert.Equal("-", summaries["CallsThrowHelper"]);
        Assert.Equal("-", summaries["Fatal"]);
        Assert.Equal("-", summaries["CallsFatal"]);
        Assert.Equal("-", summaries["Filter"]);
        Assert.Equal("2:Wait", summaries["Caught"]);
        Assert.Equal("-", summaries["Suppressed"]);
        Assert.Equal("-", summaries["Attributed"]);
        Assert.Equal("-", summaries["ThroughAttributed"]);
        Assert.Equal("1:Thread.Sleep", summaries["Loop"]);
    }

    [Fact]
    public void Cleanup_before_a_rethrow_is_not_a_leaf_and_swallowing_catches_are()
    {
        var summaries = Summaries("""
            class C
            {
                int Rethrows() { try { return 1; } catch { File.ReadAllText("x"); throw; } }
                int Wraps(bool timedOut) { try { return 1; } catch (Exception ex) { File.ReadAllText("x"); if (timedOut) throw new TimeoutException("t", ex); throw; } }
                int InnerBlock(bool fatal) { try { return 1; } catch (Exception) { if (fatal) { File.ReadAllText("x"); throw; } return 0; } }
                int Swallows() { try { return 1; } catch { File.ReadAllText("x"); } return 0; }
                int Retries() { for (var i = 0; i < 3; i++) { try { return 1; } catch { File.ReadAllText("x"); if (i < 2) continue; throw; } } return 0; }
                int LoopInside() { try { return 1; } catch { for (var i = 0; i < 2; i++) { if (i == 1) break; } File.ReadAllText("x"); throw; } }
            }
            """, "Rethrows", "Wraps", "InnerBlock", "Swallows", "Retries", "LoopInside");

        Assert.Equal("-", summaries["Rethrows"]);
        Assert.Equal("-", summaries["Wraps"]);
        Assert.Equal("-", summaries["InnerBlock"]);
        Assert.Equal("1:File.ReadAllText", summaries["Swallows"]);
        Assert.Equal("1:File.ReadAllText", summaries["Retries"]);
        Assert.Equal("-", summaries["LoopInside"]);
    }

    [Fact]
    public void Accessors_count_only_their_unconditional_path()
    {
        var summaries = Summaries("""
            class C
            {
                object _gate = new object();
                string _cached;
                bool _ready;
                string Always => File.ReadAllText("a");
                string Locked { get { lock (_gate) { try { return File.ReadAllText("a"); } finally { _ready = true; } } } }
                string AfterGuardThrow { get { if (_cached == null) throw new InvalidOperationException(); return File.ReadAllText("a"); } }
                string AfterEarlyReturn { get { if (_cached != null) return _cached; return File.ReadAllText("a"); } }
                string InIf { get { if (!_ready) { Thread.Sleep(1); } return _cached; } }
                string Coalesced => _cached ?? File.ReadAllText("a");
                string CoalesceAssigned => _cached ??= File.ReadAllText("a");
                string Ternary => _ready ? _cached : File.ReadAllText("a");
                bool ShortCircuit => _ready && Slow();
                string Looping { get { foreach (var line in File.ReadLines("a")) { Thread.Sleep(1); } return ""; } }
                string Through => Helper();
                string Helper() { if (!_ready) Thread.Sleep(1); return ""; }
                bool Slow() { Thread.Sleep(1); return true; }
            }
            """, "get_Always", "get_Locked", "get_AfterGuardThrow", "get_AfterEarlyReturn", "get_InIf", "get_Coalesced", "get_CoalesceAssigned",
            "get_Ternary", "get_ShortCircuit", "get_Looping", "get_Through");

        Assert.Equal("1:File.ReadAllText", summaries["get_Always"]);
        Assert.Equal("1:File.ReadAllText", summaries["get_Locked"]);
        Assert.Equal("1:File.ReadAllText", summaries["get_AfterGuardThrow"]);
        Assert.Equal("-", summaries["get_AfterEarlyReturn"]);
        Assert.Equal("-", summaries["get_InIf"]);
        Assert.Equal("-", summaries["get_Coalesced"]);
        Assert.Equal("-", summaries["get_CoalesceAssigned"]);
        Assert.Equal("-", summaries["get_Ternary"]);
        Assert.Equal("-", summaries["get_ShortCircuit"]);
        Assert.Equal("-", summaries["get_Looping"]);
        // A method called on the accessor's unconditional path is followed as any method is.
        Assert.Equal("2:Helper", summaries["get_Through"]);
    }

    /// <summary>
    /// One definition of "blocking": the same statements placed in an async method (TW102/TW101 judge them) and in a
    /// synchronous helper (TW104's leaf) get the same verdict, including TW102's exemptions.
    /// </summary>
    [Theory]
    [InlineData("var ms = new MemoryStream(); ms.Write(new byte[1], 0, 1); ms.Position = 0; ms.Read(new byte[1], 0, 1);", false)]
    [InlineData("var reader = System.Xml.XmlReader.Create(new StringReader(\"<a/>\")); reader.Read();", false)]
    [InlineData("new StreamReader(new MemoryStream(new byte[4])).ReadToEnd();", false)]
    [InlineData("var writer = new StringWriter(); writer.Write(\"x\"); writer.Flush();", false)]
    [InlineData("System.Text.Json.JsonSerializer.Deserialize<int[]>(\"[1]\");", false)]
    [InlineData("Console.Out.Flush(); Console.WriteLine(\"x\"); Console.Error.Write(\"y\");", false)]
    [InlineData("_reader.GetFieldValue<int>(0); _reader.IsDBNull(1); _reader.GetString(2);", false)]
    [InlineData("Thread.Sleep(0); _gate.Wait(0);", false)]
    [InlineData("System.Security.Cryptography.SHA256.HashData(new byte[4]);", false)]
    [InlineData("System.Security.Cryptography.SHA256.HashData(new MemoryStream(new byte[4]));", false)]
    [InlineData("System.Security.Cryptography.SHA256.HashData(File.OpenRead(\"x\"));", true)]
    [InlineData("Task.FromResult(1).Result.ToString();", false)]
    [InlineData("_reader.Read();", true)]
    [InlineData("File.ReadAllText(\"x\");", true)]
    [InlineData("new StreamReader(File.OpenRead(\"x\")).ReadToEnd();", true)]
    [InlineData("Thread.Sleep(5);", true)]
    [InlineData("_pending.Wait();", true)]
    public async Task Leaves_get_exactly_the_verdicts_of_TW101_and_TW102(string statements, bool blocks)
    {
        var source = Usings + $$"""
            using System.Data.Common;

            class C
            {
                private readonly DbDataReader _reader = null!;
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly Task _pending = Task.Delay(1);

                async Task OnAsyncPath()
                {
                    await Task.Yield();
                    {{statements}}
                }

                void Helper()
                {
                    {{statements}}
                }
            }
            """;
        var compiled = TestCompilation.Create(source);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new TW101BlockingWaitAnalyzer(), new TW102SyncApiInAsyncAnalyzer());
        var direct = await compiled.Compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        var types = KnownTypes.Create(compiled.Compilation);
        var counterparts = new AsyncCounterpart(types);
        var summaries = new CallSummaries((m, ct) => MethodFacts.Read(m, compiled.Compilation, types, counterparts, ct));
        var helper = (IMethodSymbol)compiled.Compilation.GetTypeByMetadataName("C")!.GetMembers("Helper").Single();

        Assert.Equal(blocks, direct.Any(d => d.Id is "TW101" or "TW102"));
        Assert.Equal(blocks, summaries.Get(helper, CancellationToken.None).Blocks);
    }
}
