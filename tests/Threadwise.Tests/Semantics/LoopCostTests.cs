using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

/// <summary>Pins the cost model's estimates for a table of loops: cost, heaviness at the default threshold, and the reason shown.</summary>
public class LoopCostTests
{
    private static LoopEstimate Estimate(string members, string body)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Security.Cryptography;
            using System.Text.RegularExpressions;
            using System.Threading.Tasks;
            class C
            {
                int[] items = new int[0];
                List<string> names = new();
                byte[][] blobs = new byte[0][];
                double[,] pixels = new double[0, 0];
                static readonly char[] Separators = { ',', ';', ' ' };
                {{members}}
                async Task M(int n, int width, int height, string text, Stream stream, Regex regex, Node root)
                {
                    await Task.Yield();
                    {{body}}
                }
            }
            class Node { public List<Node> Children = new(); public int Value; }
            """;
        var compiled = TestCompilation.Create(source);
        var loopSyntax = compiled.NodeAt<Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax>(compiled.Spans[0]);
        var loop = (ILoopOperation)compiled.SemanticModel.GetOperation(loopSyntax)!;
        var model = new LoopCostModel(compiled.Compilation, KnownTypes.Create(compiled.Compilation));
        return model.Estimate(loop, LoopCostModel.DefaultUnknownCount);
    }

    private static void AssertHeavy(string body, string reason, string members = "")
    {
        var estimate = Estimate(members, body);
        Assert.True(estimate.IsHeavy(LoopCostModel.DefaultThreshold), $"expected heavy, got cost {estimate.Cost} cpu={estimate.IsCpuBound} ({estimate.NotCpuBoundReason}) reason '{estimate.Reason}'");
        Assert.Equal(reason, estimate.Reason);
    }

    private static void AssertLight(string body, string members = "")
    {
        var estimate = Estimate(members, body);
        Assert.False(estimate.IsHeavy(LoopCostModel.DefaultThreshold), $"expected light, got cost {estimate.Cost} reason '{estimate.Reason}'");
    }

    // ---- heavy --------------------------------------------------------------------------------------------------

    [Fact]
    public void Constant_loop_of_fifty_million() =>
        AssertHeavy("long sum = 0; [|for (int i = 0; i < 50_000_000; i++) { sum += i * i; }|]", "≈ 50,000,000 iterations");

    [Fact]
    public void Costs_as_documented_on_the_rule_page()
    {
        Assert.Equal(200_000_000, Estimate("", "long sum = 0; [|for (int i = 0; i < 50_000_000; i++) sum += i * i;|]").Cost);
        Assert.Equal(6_000, Estimate("", "long sum = 0; [|for (int i = 0; i < items.Length; i++) sum += items[i] * 2;|]").Cost);
        Assert.Equal(40_200, Estimate("", "int s = 0; [|for (int i = 0; i < 100; i++) for (int j = 0; j < 100; j++) s += i * j;|]").Cost);
    }

    [Fact]
    public void Constant_bounds_multiply_through_nesting() =>
        AssertHeavy("long sum = 0; [|for (int i = 0; i < 2000; i++) for (int j = 0; j < 2000; j++) sum += i ^ j;|]", "≈ 4,000,000 iterations");

    [Fact]
    public void Nested_loops_over_unknown_sizes() =>
        AssertHeavy("""
            double total = 0;
            [|for (int y = 0; y < pixels.GetLength(0); y++)
                for (int x = 0; x < items.Length; x++)
                    total += pixels[y, 0] * items[x];|]
            """, "nested loops over 'pixels' and 'items'");

    [Fact]
    public void Nested_foreach_over_two_collections() =>
        AssertHeavy("int same = 0; [|foreach (var a in names) foreach (var b in names) if (a == b) same++;|]", "nested loops over 'names' and 'names'");

    [Fact]
    public void Hashing_in_a_constant_loop() =>
        AssertHeavy("var data = new byte[64]; [|for (int i = 0; i < 10_000; i++) data = SHA256.HashData(data);|]", "'SHA256.HashData' in ≈ 10,000 iterations");

    [Fact]
    public void Unknown_loop_with_a_constant_inner_loop_of_ten_thousand() =>
        AssertHeavy("long h = 0; [|foreach (var item in items) for (int k = 0; k < 10_000; k++) h = h * 31 + item + k;|]", "≈ 10,000 iterations per element of 'items'");

    [Fact]
    public void Source_method_costs_its_own_loop() =>
        AssertHeavy("long t = 0; [|foreach (var item in items) t += Score(item);|]",
            "nested loops over 'items' and 'weights'",
            members: "double[] weights = new double[0]; long Score(int x) { long s = 0; foreach (var w in weights) s += (long)(w * x); return s; }");

    // ---- light --------------------------------------------------------------------------------------------------

    [Fact]
    public void Single_loop_over_unknown_size_doing_arithmetic() => AssertLight("long sum = 0; [|for (int i = 0; i < items.Length; i++) sum += items[i] * 2;|]");

    [Fact]
    public void Small_constant_nested_loops() => AssertLight("int s = 0; [|for (int i = 0; i < 100; i++) for (int j = 0; j < 100; j++) s += i * j;|]");

    [Fact]
    public void Loop_that_does_IO() => AssertLight("[|for (int i = 0; i < 10_000_000; i++) stream.WriteByte((byte)i);|]");

    [Fact]
    public void Loop_that_awaits() => AssertLight("[|for (int i = 0; i < 10_000_000; i++) await Task.Yield();|]");

    [Fact]
    public void Loop_that_starts_tasks() => AssertLight("var tasks = new List<Task>(); [|foreach (var a in names) foreach (var b in names) tasks.Add(Task.Delay(1));|]");

    [Fact]
    public void Inner_loop_over_the_outer_item_is_a_walk_not_a_product() =>
        AssertLight("int total = 0; [|foreach (var child in root.Children) foreach (var grandchild in child.Children) total += grandchild.Value;|]");

    [Fact]
    public void Inner_loop_over_a_row_of_a_jagged_array() =>
        AssertLight("int total = 0; [|for (int i = 0; i < blobs.Length; i++) { var row = blobs[i]; for (int j = 0; j < row.Length; j++) total += row[j]; }|]");

    [Fact]
    public void Tokenizer_whose_inner_loop_advances_the_outer_cursor() => AssertLight("""
        int pos = 0, words = 0;
        [|while (pos < text.Length)
        {
            while (pos < text.Length && text[pos] == ' ') pos++;
            if (pos < text.Length) words++;
            while (pos < text.Length && text[pos] != ' ') pos++;
        }|]
        """);

    [Fact]
    public void Inner_loop_over_a_small_known_array() =>
        AssertLight("int hits = 0; [|foreach (var c in text) foreach (var separator in Separators) if (c == separator) hits++;|]");

    [Fact]
    public void Inner_loop_over_a_constant_string() =>
        AssertLight("int hits = 0; [|foreach (var c in text) foreach (var v in \"aeiou\") if (c == v) hits++;|]");

    [Fact]
    public void Source_method_looping_over_the_element_it_is_given() =>
        AssertLight("var list = new List<string>(); [|foreach (var name in names) list.Add(Escape(name));|]",
            members: "static string Escape(string s) { var b = new System.Text.StringBuilder(); foreach (var c in s) { if (c == '\"') b.Append('\\\\'); b.Append(c); } return b.ToString(); }");

    [Fact]
    public void Bounds_capped_by_a_constant() =>
        AssertLight("int s = 0; [|for (int i = 0; i < items.Length && i < 8; i++) for (int j = 0; j < Math.Min(n, 16); j++) s += items[i] * j;|]");

    [Fact]
    public void Checksum_of_each_buffer_read_between_awaits() => AssertLight("""
        var buffer = new byte[4096];
        int read, checksum = 0;
        [|while ((read = await stream.ReadAsync(buffer)) > 0)
            for (int i = 0; i < read; i++)
                checksum += buffer[i];|]
        """);

    [Fact]
    public void Regex_per_element_of_an_unknown_list() => AssertLight("int n2 = 0; [|foreach (var name in names) if (regex.IsMatch(name)) n2++;|]");

    [Fact]
    public void Nested_loops_that_read_lines_from_a_stream() => AssertLight("""
        var reader = new StreamReader(stream);
        [|for (int i = 0; i < n; i++) for (int j = 0; j < width; j++) reader.ReadLine();|]
        """);

    // ---- positive evidence -------------------------------------------------------------------------------------

    [Fact]
    public void Large_known_count_is_evidence_even_for_bookkeeping() =>
        AssertHeavy("var list = new List<string>(); [|for (int i = 0; i < 2_000_000; i++) list.Add(i.ToString());|]", "≈ 2,000,000 iterations");

    [Fact]
    public void Prime_sieve_writing_a_bool_array_is_compute() =>
        AssertHeavy("var composite = new bool[n + 1]; [|for (int i = 2; i * i <= n; i++) { if (composite[i]) continue; for (int j = i * i; j <= n; j += i) composite[j] = true; }|]",
            "nested loops over 'n' and 'n'");

    [Fact]
    public void Nested_bookkeeping_over_unknown_sizes_has_no_evidence()
    {
        var estimate = Estimate("", "var map = new Dictionary<string, List<int>>(); [|foreach (var a in names) foreach (var b in items) { if (!map.TryGetValue(a, out var list)) map[a] = list = new List<int>(); list.Add(b); }|]");
        Assert.True(estimate.IsCpuBound);
        Assert.True(estimate.Cost >= LoopCostModel.DefaultThreshold);
        Assert.False(estimate.IsHeavy(LoopCostModel.DefaultThreshold));
    }

    [Fact]
    public void Comparing_object_keys_is_a_lookup_not_compute() =>
        AssertLight("[|foreach (var a in root.Children) foreach (var b in names) if (a.Value == b.Length) a.Children.Add(new Node());|]");

    [Fact]
    public void Source_helper_that_only_adds_to_a_list_two_calls_down() =>
        AssertLight("var list = new List<string>(); [|foreach (var name in names) Outer(name, list);|]",
            members: "void Outer(string s, List<string> l) => Inner(s, l); void Inner(string s, List<string> l) { foreach (var x in items) l.Add(s + x); }");

    [Fact]
    public void Inner_loop_counting_down_is_named_by_its_start() =>
        AssertHeavy("double s = 0; [|foreach (var x in items) for (int i = n; i > 0; i--) s += x * 0.5 / i;|]", "nested loops over 'items' and 'n'");

    [Fact]
    public void Heavy_call_in_an_endless_loop_is_named_by_its_passes() =>
        AssertHeavy("var data = new byte[64]; [|while (true) { data = SHA256.HashData(data); if (data[0] == 0) break; }|]", "'SHA256.HashData' for each pass of 'while (true)'");

    [Fact]
    public void Reason_of_a_threshold_sized_estimate_is_readable() =>
        Assert.Equal("≈ 1,234,567 iterations", new LoopEstimate(2_000_000, 1_234_567, [], true, null, null).Reason);
}
