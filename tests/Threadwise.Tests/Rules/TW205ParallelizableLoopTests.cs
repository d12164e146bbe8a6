using Microsoft.CodeAnalysis;
using Threadwise.Tests.Infrastructure;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW205ParallelizableLoopAnalyzer, Threadwise.Fixes.Cpu.TW205ParallelizableLoopCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW205ParallelizableLoopTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string BlurBefore = Usings + """
        public class Filter
        {
            public byte[,] Blur(byte[,] source)
            {
                int height = source.GetLength(0), width = source.GetLength(1);
                var target = new byte[height, width];
                [|for (int y = 0; y < height; y++)|]
                {
                    for (int x = 0; x < width; x++)
                    {
                        int total = 0, count = 0;
                        for (int dy = -1; dy <= 1; dy++)
                        {
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int sy = y + dy, sx = x + dx;
                                if (sy < 0 || sy >= height || sx < 0 || sx >= width) continue;
                                total += source[sy, sx];
                                count++;
                            }
                        }

                        target[y, x] = (byte)(total / count);
                    }
                }

                return target;
            }
        }
        """;

    private const string BlurAfter = Usings + """
        public class Filter
        {
            public byte[,] Blur(byte[,] source)
            {
                int height = source.GetLength(0), width = source.GetLength(1);
                var target = new byte[height, width];
                Parallel.For(0, height, y =>
                {
                    for (int x = 0; x < width; x++)
                    {
                        int total = 0, count = 0;
                        for (int dy = -1; dy <= 1; dy++)
                        {
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int sy = y + dy, sx = x + dx;
                                if (sy < 0 || sy >= height || sx < 0 || sx >= width) continue;
                                total += source[sy, sx];
                                count++;
                            }
                        }

                        target[y, x] = (byte)(total / count);
                    }
                });

                return target;
            }
        }
        """;

    private const string DistancesBefore = Usings + """
        public class Geometry
        {
            public void Nearest(double[] xs, double[] ys, double[] nearest)
            {
                [|for (int i = 0; i < xs.Length; i++)|]
                {
                    double best = double.MaxValue;
                    for (int j = 0; j < xs.Length; j++)
                    {
                        if (i == j) continue;
                        double dx = xs[i] - xs[j], dy = ys[i] - ys[j];
                        best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy));
                    }

                    nearest[i] = best;
                }
            }
        }
        """;

    private const string DistancesAfter = Usings + """
        public class Geometry
        {
            public void Nearest(double[] xs, double[] ys, double[] nearest)
            {
                Parallel.For(0, xs.Length, i =>
                {
                    double best = double.MaxValue;
                    for (int j = 0; j < xs.Length; j++)
                    {
                        if (i == j) continue;
                        double dx = xs[i] - xs[j], dy = ys[i] - ys[j];
                        best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy));
                    }

                    nearest[i] = best;
                });
            }
        }
        """;

    private const string CountBefore = Usings + """
        public class Similarity
        {
            public int CountClose(int[] a, int[] b, int limit)
            {
                int close = 0;
                [|for (int i = 0; i < a.Length; i++)|]
                    for (int j = 0; j < b.Length; j++)
                        if (Math.Abs(a[i] - b[j]) <= limit) close += 1;
                return close;
            }
        }
        """;

    private const string CountAfter = Usings + """
        public class Similarity
        {
            public int CountClose(int[] a, int[] b, int limit)
            {
                int close = 0;
                Parallel.For(0, a.Length, () => 0, (i, loopState, partial) =>
                {
                    for (int j = 0; j < b.Length; j++)
                        if (Math.Abs(a[i] - b[j]) <= limit) partial += 1;
                    return partial;
                }, partial => Interlocked.Add(ref close, partial));
                return close;
            }
        }
        """;

    private const string ScoresAsyncBefore = Usings + """
        public class Scores
        {
            public async Task<List<int>> ScoreAsync(Func<Task<string[]>> load, string[] keywords)
            {
                var documents = await load();
                var scores = new List<int>(new int[documents.Length]);
                [|for (int d = 0; d <= documents.Length - 1; d++)|]
                {
                    int score = 0;
                    foreach (var keyword in keywords)
                        for (int k = 0; k < documents[d].Length; k++)
                            if (string.CompareOrdinal(documents[d], k, keyword, 0, keyword.Length) == 0) score++;
                    scores[d] = score;
                }

                return scores;
            }
        }
        """;

    private const string ScoresAsyncAfter = Usings + """
        public class Scores
        {
            public async Task<List<int>> ScoreAsync(Func<Task<string[]>> load, string[] keywords)
            {
                var documents = await load();
                var scores = new List<int>(new int[documents.Length]);
                await Task.Run(() => Parallel.For(0, documents.Length, d =>
                {
                    int score = 0;
                    foreach (var keyword in keywords)
                        for (int k = 0; k < documents[d].Length; k++)
                            if (string.CompareOrdinal(documents[d], k, keyword, 0, keyword.Length) == 0) score++;
                    scores[d] = score;
                }));

                return scores;
            }
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_image_filter_in_synchronous_code_with_message() => Verify.VerifyAnalyzerAsync(
        BlurBefore.Replace("[|for (int y = 0; y < height; y++)|]", "{|#0:for (int y = 0; y < height; y++)|}"),
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
            .WithMessage("'for (int y = 0; y < height; y++)' is CPU-heavy (nested loops over 'height' and 'width') and its iterations are independent: Parallel.For can spread it over every core"));

    [Fact]
    public Task Flags_pairwise_distances_writing_the_element_of_the_loop_variable() => Verify.VerifyAnalyzerAsync(DistancesBefore);

    [Fact]
    public Task Flags_integer_reduction_with_message() => Verify.VerifyAnalyzerAsync(
        CountBefore.Replace("[|for (int i = 0; i < a.Length; i++)|]", "{|#0:for (int i = 0; i < a.Length; i++)|}"),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'for (int i = 0; i < a.Length; i++)' is CPU-heavy (nested loops over 'a' and 'b') and its iterations are independent except for adding to 'close': Parallel.For can spread it over every core"));

    [Fact]
    public Task Flags_list_elements_on_an_async_path() => Verify.VerifyAnalyzerAsync(ScoresAsyncBefore);

    [Fact]
    public Task Flags_inner_independent_loop_when_the_outer_loop_is_not() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Simulation
        {
            public void Run(double[] state, double[] next, int steps)
            {
                for (int step = 0; step < steps; step++)
                {
                    [|for (int i = 0; i < 1_000_000; i++)|]
                        next[i] = state[i] * 0.5 + Math.Sin(state[i]);
                    Array.Copy(next, state, state.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_loop_in_a_lambda_inside_a_foreach_on_its_own() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Simulation
        {
            public void Run(List<double[]> states, double[] next)
            {
                foreach (var state in states)
                {
                    Action step = () =>
                    {
                        [|for (int i = 0; i < 1_000_000; i++)|]
                            next[i] = state[i] * 0.5 + Math.Sin(state[i]);
                    };
                    step();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_Mandelbrot_rows_with_message() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Fractal
        {
            public int[,] Render(int width, int height, int maxIterations)
            {
                var image = new int[height, width];
                {|#0:for (int py = 0; py < height; py++)|}
                {
                    for (int px = 0; px < width; px++)
                    {
                        double x0 = px * 3.5 / width - 2.5, y0 = py * 2.0 / height - 1.0;
                        double x = 0, y = 0;
                        int iteration = 0;
                        while (x * x + y * y <= 4 && iteration < maxIterations)
                        {
                            var t = x * x - y * y + x0;
                            y = 2 * x * y + y0;
                            x = t;
                            iteration++;
                        }

                        image[py, px] = iteration;
                    }
                }

                return image;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
            .WithMessage("'for (int py = 0; py < height; py++)' is CPU-heavy (nested loops over 'height' and 'width') and its iterations are independent: Parallel.For can spread it over every core"));

    [Fact]
    public Task Flags_nearest_centroid_assignment() => Verify.VerifyAnalyzerAsync(Usings + """
        public class KMeans
        {
            public void Assign(double[,] points, double[,] centroids, int[] assignment)
            {
                int count = points.GetLength(0), clusters = centroids.GetLength(0), dimensions = points.GetLength(1);
                [|for (int p = 0; p < count; p++)|]
                {
                    int best = 0;
                    double bestDistance = double.MaxValue;
                    for (int c = 0; c < clusters; c++)
                    {
                        double distance = 0;
                        for (int d = 0; d < dimensions; d++)
                        {
                            var delta = points[p, d] - centroids[c, d];
                            distance += delta * delta;
                        }

                        if (distance < bestDistance)
                        {
                            bestDistance = distance;
                            best = c;
                        }
                    }

                    assignment[p] = best;
                }
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------
    [Fact]
    public Task Ignores_independent_loop_that_only_builds_labels() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Labels
        {
            public void Build(string[] keys, string[] suffixes, string[] labels)
            {
                for (int i = 0; i < keys.Length; i++)
                    for (int j = 0; j < suffixes.Length; j++)
                        labels[i] = keys[i].Trim() + "/" + suffixes[j];
            }
        }
        """);

    [Fact]
    public Task Ignores_independent_loop_that_normalizes_column_names() => Verify.VerifyAnalyzerAsync(Usings + """
        public class ColumnNames
        {
            public void Normalize(string[] headers, string[] prefixes, string[] names)
            {
                for (int i = 0; i < headers.Length; i++)
                {
                    names[i] = headers[i];
                    for (int j = 0; j < prefixes.Length; j++)
                    {
                        if (headers[i].StartsWith(prefixes[j], StringComparison.Ordinal))
                            names[i] = headers[i].Substring(prefixes[j].Length).ToLowerInvariant();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_independent_loop_that_maps_rows_to_value_type_records() => Verify.VerifyAnalyzerAsync(Usings + """
        public struct Cell
        {
            public Cell(int row, string column) { Row = row; Column = column; }
            public int Row { get; }
            public string Column { get; }
        }
        public class Row { public int Id { get; set; } }
        public class Grid
        {
            public void Fill(Row[] rows, string[] columns, Cell[] last)
            {
                for (int i = 0; i < rows.Length; i++)
                    for (int j = 0; j < columns.Length; j++)
                        last[i] = new Cell(rows[i].Id, columns[j]);
            }
        }
        """);

    [Fact]
    public Task Ignores_independent_loop_that_formats_cache_keys() => Verify.VerifyAnalyzerAsync(Usings + """
        public class CacheKeys
        {
            public void Compose(string[] tenants, string[] scopes, string[] keys)
            {
                for (int t = 0; t < tenants.Length; t++)
                    for (int s = 0; s < scopes.Length; s++)
                        keys[t] = string.Concat(tenants[t].ToUpperInvariant(), ":", scopes[s]);
            }
        }
        """);


    [Fact]
    public Task Ignores_prefix_sums_that_read_the_previous_element() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Prefix
        {
            public void Compute(long[] values, int[] weights)
            {
                for (int i = 1; i < values.Length; i++)
                    for (int j = 0; j < weights.Length; j++)
                        values[i] = values[i - 1] + weights[j];
            }
        }
        """);

    [Fact]
    public Task Ignores_writes_to_a_field() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Histogram
        {
            private int _max;

            public void Update(int[] a, int[] b)
            {
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < b.Length; j++)
                        if (a[i] + b[j] > _max) _max = a[i] + b[j];
            }
        }
        """);

    [Fact]
    public Task Ignores_writes_at_a_computed_index() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Histogram
        {
            public void Count(int[] a, int[] b, int[] buckets)
            {
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < b.Length; j++)
                        buckets[(a[i] ^ b[j]) & 255]++;
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_with_side_effects() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Collector
        {
            public List<(int, int)> Pairs(int[] a, int[] b)
            {
                var pairs = new List<(int, int)>();
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < b.Length; j++)
                        if (a[i] == b[j]) pairs.Add((i, j));
                return pairs;
            }
        }
        """);

    [Fact]
    public Task Ignores_floating_point_reduction() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Energy
        {
            public double Total(double[] xs, double[] ys)
            {
                double total = 0;
                for (int i = 0; i < xs.Length; i++)
                    for (int j = 0; j < ys.Length; j++)
                        total += xs[i] * ys[j];
                return total;
            }
        }
        """);

    [Fact]
    public Task Ignores_loop_that_breaks_early() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Finder
        {
            public void Mark(int[] a, int[] b, bool[] found)
            {
                for (int i = 0; i < a.Length; i++)
                {
                    for (int j = 0; j < b.Length; j++)
                        found[i] |= a[i] == b[j];
                    if (found[i]) break;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_loop_that_changes_its_own_variable() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Skipper
        {
            public void Fill(int[] a, int[] b, int[] result)
            {
                for (int i = 0; i < a.Length; i++)
                {
                    for (int j = 0; j < b.Length; j++)
                        result[i] += a[i] * b[j];
                    if (result[i] == 0) i++;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_independent_loop_that_is_not_heavy() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Scaler
        {
            public void Scale(double[] values, double factor)
            {
                for (int i = 0; i < values.Length; i++)
                    values[i] *= factor;
            }
        }
        """);

    [Fact]
    public Task Ignores_writes_into_rows_of_a_jagged_array() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Rows
        {
            public void Fill(int[][] rows, int[] a, int[] b)
            {
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < b.Length; j++)
                        rows[i][j] = a[i] * b[j];
            }
        }
        """);

    [Fact]
    public Task Ignores_loop_that_throws() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Validator
        {
            public void Check(int[] a, int[] b, int[] result)
            {
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < b.Length; j++)
                    {
                        if (b[j] == 0) throw new DivideByZeroException();
                        result[i] += a[i] / b[j];
                    }
            }
        }
        """);

    [Fact]
    public Task Ignores_foreach_loops_and_lambdas() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Matcher
        {
            public int[] Count(int[] a, int[] b)
            {
                var result = new int[a.Length];
                for (int i = 0; i < a.Length; i++)
                    result[i] = b.Count(x => x == a[i]);
                foreach (var x in a)
                    foreach (var y in b)
                        result[0] += x * y;
                return result;
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_to_methods_not_known_to_be_side_effect_free() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Model
        {
            private readonly Random _random = new Random(1);

            public void Sample(double[] a, double[] b, double[] result)
            {
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < b.Length; j++)
                        result[i] += a[i] * b[j] * _random.NextDouble();
            }
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_parallelizes_image_filter_in_synchronous_code() => Verify.VerifyCodeFixAsync(BlurBefore, BlurAfter);

    [Fact]
    public Task Fix_turns_continue_into_return_and_keeps_element_writes() => Verify.VerifyCodeFixAsync(DistancesBefore, DistancesAfter);

    [Fact]
    public Task Fix_makes_an_integer_reduction_exact_with_partials() => Verify.VerifyCodeFixAsync(CountBefore, CountAfter);

    [Fact]
    public Task Fix_wraps_in_Task_Run_on_an_async_path_and_turns_an_inclusive_bound_into_an_exclusive_one() => Verify.VerifyCodeFixAsync(ScoresAsyncBefore, ScoresAsyncAfter);

    [Fact]
    public Task Fix_All_parallelizes_every_reported_loop() => new Verify.Test
    {
        TestCode = Usings + """
            public class Pair
            {
                public void Both(int[] a, int[] b, long[] sums, long[] products)
                {
                    [|for (int i = 0; i < a.Length; i++)|]
                        for (int j = 0; j < b.Length; j++)
                            sums[i] += a[i] + b[j];
                    [|for (int i = 0; i < a.Length; i++)|]
                        for (int j = 0; j < b.Length; j++)
                            products[i] += a[i] * b[j];
                }
            }
            """,
        FixedCode = Usings + """
            public class Pair
            {
                public void Both(int[] a, int[] b, long[] sums, long[] products)
                {
                    Parallel.For(0, a.Length, i =>
                    {
                        for (int j = 0; j < b.Length; j++)
                            sums[i] += a[i] + b[j];
                    });
                    Parallel.For(0, a.Length, i =>
                    {
                        for (int j = 0; j < b.Length; j++)
                            products[i] += a[i] * b[j];
                    });
                }
            }
            """,
    }.RunAsync();

    // ---- the fixed code computes the same results ------------------------------------------------------------

    [Fact]
    public Task Fixed_image_filter_gives_the_same_image() => CompiledRunner.AssertSameResultsAsync(
        BlurBefore, BlurAfter, "Filter", "Blur", () => [RandomImage(120, 90, 5)]);

    [Fact]
    public Task Fixed_distances_give_the_same_nearest_neighbours() => CompiledRunner.AssertSameResultsAsync(
        DistancesBefore, DistancesAfter, "Geometry", "Nearest", () => [RandomDoubles(400, 6), RandomDoubles(400, 7), new double[400]]);

    [Fact]
    public Task Fixed_reduction_gives_the_same_count() => CompiledRunner.AssertSameResultsAsync(
        CountBefore, CountAfter, "Similarity", "CountClose", () => [TW201CpuHeavyLoopTests.RandomInts(3000, 8), TW201CpuHeavyLoopTests.RandomInts(2000, 9), 50]);

    [Fact]
    public Task Fixed_async_scores_give_the_same_list() => CompiledRunner.AssertSameResultsAsync(
        ScoresAsyncBefore, ScoresAsyncAfter, "Scores", "ScoreAsync",
        () => [new Func<Task<string[]>>(() => Task.FromResult(Documents())), new[] { "ab", "ba", "aab" }]);

    private static string[] Documents()
    {
        var random = new Random(10);
        var documents = new string[200];
        for (var d = 0; d < documents.Length; d++)
        {
            var chars = new char[random.Next(50, 300)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = (char)('a' + random.Next(3));
            }

            documents[d] = new string(chars);
        }

        return documents;
    }

    private static byte[,] RandomImage(int height, int width, int seed)
    {
        var random = new Random(seed);
        var image = new byte[height, width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[y, x] = (byte)random.Next(256);
            }
        }

        return image;
    }

    private static double[] RandomDoubles(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.NextDouble() * 100;
        }

        return values;
    }
}
