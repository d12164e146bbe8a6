using Microsoft.CodeAnalysis;
using Threadwise.Fixes.Cpu;
using Threadwise.Tests.Infrastructure;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW201CpuHeavyLoopAnalyzer, Threadwise.Fixes.Cpu.TW201CpuHeavyLoopCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW201CpuHeavyLoopTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string MatrixBefore = Usings + """
        class Matrix
        {
            public async Task<double[,]> MultiplyAsync(double[,] a, double[,] b, int n)
            {
                await Task.Yield();
                var c = new double[n, n];
                [|for (int i = 0; i < n; i++)|]
                {
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0;
                        for (int k = 0; k < n; k++)
                        {
                            sum += a[i, k] * b[k, j];
                        }

                        c[i, j] = sum;
                    }
                }

                return c;
            }
        }
        """;

    private const string MatrixAfter = Usings + """
        class Matrix
        {
            public async Task<double[,]> MultiplyAsync(double[,] a, double[,] b, int n)
            {
                await Task.Yield();
                var c = new double[n, n];
                await Task.Run(() => Parallel.For(0, n, i =>
                {
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0;
                        for (int k = 0; k < n; k++)
                        {
                            sum += a[i, k] * b[k, j];
                        }

                        c[i, j] = sum;
                    }
                }));

                return c;
            }
        }
        """;

    private const string PairsBefore = Usings + """
        class Pairs
        {
            public async Task<long> CountAsync(int[] a, int[] b)
            {
                await Task.Yield();
                long count = 0;
                [|for (int i = 0; i < a.Length; i++)|]
                {
                    if (a[i] < 0) continue;
                    for (int j = 0; j < b.Length; j++)
                    {
                        if ((a[i] ^ b[j]) % 7 == 0) count++;
                    }
                }

                return count;
            }
        }
        """;

    private const string PairsAfter = Usings + """
        class Pairs
        {
            public async Task<long> CountAsync(int[] a, int[] b)
            {
                await Task.Yield();
                long count = 0;
                await Task.Run(() => Parallel.For(0, a.Length, () => 0L, (i, loopState, partial) =>
                {
                    if (a[i] < 0) return partial;
                    for (int j = 0; j < b.Length; j++)
                    {
                        if ((a[i] ^ b[j]) % 7 == 0) partial++;
                    }

                    return partial;
                }, partial => Interlocked.Add(ref count, partial)));

                return count;
            }
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_nested_pixel_loops_in_async_method_with_message() => Verify.VerifyAnalyzerAsync(Usings + """
        class ImageService
        {
            public async Task<byte[]> BlurAsync(Stream input, int width, int height)
            {
                var pixels = new byte[width * height];
                await input.ReadExactlyAsync(pixels);
                var output = new byte[pixels.Length];
                {|#0:for (int y = 1; y < height - 1; y++)|}
                {
                    for (int x = 1; x < width - 1; x++)
                    {
                        output[y * width + x] = (byte)((pixels[(y - 1) * width + x] + pixels[(y + 1) * width + x] + pixels[y * width + x - 1] + pixels[y * width + x + 1]) / 4);
                    }
                }

                return output;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'for (int y = 1; y < height - 1; y++)' is CPU-heavy (nested loops over 'height - 1' and 'width - 1') on an async path: it holds the calling thread until it finishes"));

    // BBDown's danmaku layout: for each comment, a scan over the screen's lines, a readonly field that only its constant
    // initializer sets (13): a linear pass over the comments, not a nest of unknown size.
    [Fact]
    public Task Ignores_an_inner_loop_bounded_by_a_readonly_field_with_a_constant_initializer() => Verify.VerifyAnalyzerAsync(Usings + Layout(
        """
            private const int Height = 1080, Font = 40, Share = 50;
            private readonly int _lines = Height * Share / Font / 100;
        """,
        "foreach (var start in starts)"));

    [Fact]
    public Task Flags_an_inner_loop_bounded_by_a_readonly_field_a_constructor_sets() => Verify.VerifyAnalyzerAsync(Usings + Layout(
        """
            private readonly int _lines = 13;

            public Layout(int lines) => _lines = lines;
        """,
        "[|foreach (var start in starts)|]"));

    // A layout that places each start on the first free line of _lines, declared by the caller's members.
    private static string Layout(string members, string outerLoop) => $$"""
        class Layout
        {
        {{members}}
            private readonly double[] _ends = new double[64];

            public async Task<int> PlaceAllAsync(List<double> starts, Stream output)
            {
                var placed = 0;
                {{outerLoop}}
                {
                    for (int i = 0; i < _lines; i++)
                    {
                        if (start >= _ends[i])
                        {
                            _ends[i] = start + i * 0.5;
                            placed++;
                            break;
                        }
                    }
                }

                await output.FlushAsync();
                return placed;
            }
        }
        """;

    [Fact]
    public Task Flags_constant_loop_of_fifty_million_iterations() => Verify.VerifyAnalyzerAsync(Usings + """
        class Estimator
        {
            public async Task<double> EstimatePiAsync(CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                double sum = 0;
                {|#0:for (int k = 0; k < 50_000_000; k++)|}
                {
                    sum += (k % 2 == 0 ? 1.0 : -1.0) / (2 * k + 1);
                }

                return 4 * sum;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'for (int k = 0; k < 50_000_000; k++)' is CPU-heavy (≈ 50,000,000 iterations) on an async path: it holds the calling thread until it finishes"));

    // akka.net's timer wheel moves at most 100,000 registrations per tick: the constant caps a drain of a queue, which
    // runs as often as the queue has items. No evidence of a large count.
    [Fact]
    public Task Ignores_a_constant_loop_that_only_caps_a_drain() => Verify.VerifyAnalyzerAsync(Usings + """
        class TimerWheel
        {
            private readonly System.Collections.Concurrent.ConcurrentQueue<long> _registrations = new();
            private readonly long[] _buckets = new long[512];

            public async Task TickAsync(Func<Task> wait)
            {
                await wait();
                for (var i = 0; i < 50_000_000; i++)
                {
                    if (!_registrations.TryDequeue(out var deadline))
                    {
                        break;
                    }

                    var slot = (deadline / 10 + i) & 511;
                    _buckets[slot] += deadline * 31 ^ (deadline >> 3);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_constant_loop_whose_try_call_does_not_end_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class TimerWheel
        {
            private readonly System.Collections.Concurrent.ConcurrentQueue<long> _registrations = new();
            private readonly long[] _buckets = new long[512];

            public async Task TickAsync(Func<Task> wait)
            {
                await wait();
                [|for (var i = 0; i < 50_000_000; i++)|]
                {
                    if (!_registrations.TryPeek(out var deadline))
                    {
                        continue;
                    }

                    var slot = (deadline / 10 + i) & 511;
                    _buckets[slot] += deadline * 31 ^ (deadline >> 3);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_only_the_outermost_heavy_loop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Matrix
        {
            public async Task<double[,]> MultiplyAsync(double[,] a, double[,] b, int n)
            {
                await Task.Yield();
                var c = new double[n, n];
                [|for (int i = 0; i < n; i++)|]
                    for (int j = 0; j < n; j++)
                        for (int k = 0; k < n; k++)
                            c[i, j] += a[i, k] * b[k, j];
                return c;
            }
        }
        """);

    [Fact]
    public Task Flags_heavy_loop_inside_a_loop_that_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public async Task<int> ImportAsync(IAsyncEnumerable<int[]> batches, int[] reference)
            {
                int matches = 0;
                await foreach (var batch in batches)
                {
                    [|foreach (var value in batch)|]
                        foreach (var known in reference)
                            if (value == known) matches++;
                }

                return matches;
            }
        }
        """);

    [Fact]
    public Task Flags_hashing_in_a_constant_loop_in_async_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Hasher
        {
            public Func<byte[], Task<byte[]>> Stretch = async seed =>
            {
                await Task.Yield();
                var hash = seed;
                [|for (int round = 0; round < 100_000; round++)|]
                {
                    hash = SHA256.HashData(hash);
                }

                return hash;
            };
        }
        """);

    [Fact]
    public Task Flags_while_loop_nested_over_unknown_sizes_in_top_level_statements() => new Verify.Test
    {
        OutputKind = OutputKind.ConsoleApplication,
        TestCode = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            await Task.Yield();
            var queue = new Queue<int>(new[] { 1, 2, 3 });
            var edges = new List<int> { 1, 2 };
            int visits = 0;
            [|while (queue.Count > 0)|]
            {
                var node = queue.Dequeue();
                foreach (var edge in edges)
                {
                    visits += node * edge;
                }
            }

            System.Console.WriteLine(visits);
            """,
    }.RunAsync();

    [Fact]
    public Task Flags_with_UI_thread_wording_in_a_WPF_project()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class ViewModel
                {
                    public async Task RecalculateAsync(double[] xs, double[] ys)
                    {
                        await Task.Yield();
                        double best = 0;
                        {|#0:foreach (var x in xs)|}
                            foreach (var y in ys)
                                best = Math.Max(best, x * y);
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithMessage("'foreach (var x in xs)' is CPU-heavy (nested loops over 'xs' and 'ys') on an async path: it freezes the UI thread until it finishes"),
            },
        };
        test.AdditionalReferences.Add(TestReferences.EmptyAssembly("PresentationFramework"));
        return test.RunAsync();
    }

    // ---- must flag: numeric kernels over sizes the compilation cannot know ---------------------------------------

    [Fact]
    public Task Flags_matrix_multiply_sized_by_GetLength_with_message() => Verify.VerifyAnalyzerAsync(Usings + """
        class LinearAlgebra
        {
            public async Task<double[,]> ProductAsync(Func<Task<(double[,], double[,])>> load)
            {
                var (a, b) = await load();
                var result = new double[a.GetLength(0), b.GetLength(1)];
                {|#0:for (int i = 0; i < a.GetLength(0); i++)|}
                    for (int j = 0; j < b.GetLength(1); j++)
                    {
                        double cell = 0;
                        for (int k = 0; k < a.GetLength(1); k++)
                            cell += a[i, k] * b[k, j];
                        result[i, j] = cell;
                    }

                return result;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'for (int i = 0; i < a.GetLength(0); i++)' is CPU-heavy (nested loops over 'a', 'b' and 'a') on an async path: it holds the calling thread until it finishes"));

    [Fact]
    public Task Flags_grayscale_filter_over_a_byte_pixel_buffer() => Verify.VerifyAnalyzerAsync(Usings + """
        class Thumbnailer
        {
            public async Task<byte[]> GrayscaleAsync(Stream upload, int width, int height, int stride)
            {
                var rgba = new byte[stride * height];
                await upload.ReadExactlyAsync(rgba);
                var gray = new byte[width * height];
                [|for (int y = 0; y < height; y++)|]
                {
                    var row = y * stride;
                    for (int x = 0; x < width; x++)
                    {
                        var p = row + x * 4;
                        gray[y * width + x] = (byte)((rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29) >> 8);
                    }
                }

                return gray;
            }
        }
        """);

    [Fact]
    public Task Flags_SHA256_of_every_block_of_a_file_read_into_memory() => Verify.VerifyAnalyzerAsync(Usings + """
        class ChunkStore
        {
            private const int BlockSize = 64 * 1024;

            public async Task<List<string>> BlockDigestsAsync(string path, CancellationToken cancellationToken)
            {
                var content = await File.ReadAllBytesAsync(path, cancellationToken);
                var digests = new List<string>();
                [|for (int offset = 0; offset < content.Length; offset += BlockSize)|]
                {
                    var length = Math.Min(BlockSize, content.Length - offset);
                    var digest = SHA256.HashData(content.AsSpan(offset, length));
                    digests.Add(Convert.ToHexString(digest));
                }

                return digests;
            }
        }
        """);

    [Fact]
    public Task Flags_every_pattern_matched_against_every_line() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Text.RegularExpressions;

        class LogScanner
        {
            private readonly List<Regex> _patterns = new();

            public async Task<int> CountAlertsAsync(TextReader reader)
            {
                var text = await reader.ReadToEndAsync();
                var lines = text.Split('\n');
                int alerts = 0;
                [|foreach (var line in lines)|]
                {
                    foreach (var pattern in _patterns)
                    {
                        if (pattern.IsMatch(line))
                        {
                            alerts++;
                        }
                    }
                }

                return alerts;
            }
        }
        """);

    [Fact]
    public Task Flags_Array_Sort_inside_a_loop_over_series() => Verify.VerifyAnalyzerAsync(Usings + """
        class Percentiles
        {
            public async Task<double[]> MediansAsync(Func<Task<List<double[]>>> load)
            {
                var series = await load();
                var medians = new double[series.Count];
                [|for (int s = 0; s < series.Count; s++)|]
                {
                    var sorted = (double[])series[s].Clone();
                    Array.Sort(sorted);
                    medians[s] = sorted[sorted.Length / 2];
                }

                return medians;
            }
        }
        """);

    [Fact]
    public Task Flags_prime_sieve_with_an_unknown_limit() => Verify.VerifyAnalyzerAsync(Usings + """
        class Primes
        {
            public async Task<int> CountAsync(Func<Task<int>> readLimit)
            {
                var limit = await readLimit();
                var composite = new bool[limit + 1];
                [|for (int i = 2; i * i <= limit; i++)|]
                {
                    if (composite[i]) continue;
                    for (int j = i * i; j <= limit; j += i)
                        composite[j] = true;
                }

                return composite.Count(c => !c) - 2;
            }
        }
        """);

    [Fact]
    public Task Flags_Mandelbrot_render() => Verify.VerifyAnalyzerAsync(Usings + """
        class Fractal
        {
            public async Task<int[]> RenderAsync(int width, int height, int maxIterations)
            {
                await Task.Yield();
                var image = new int[width * height];
                [|for (int py = 0; py < height; py++)|]
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

                        image[py * width + px] = iteration;
                    }
                }

                return image;
            }
        }
        """);

    // ---- messages name what each loop iterates, for every kind of header ---------------------------------------

    [Fact]
    public Task Message_names_the_queue_of_a_while_loop_and_the_start_of_a_countdown() => Verify.VerifyAnalyzerAsync(Usings + """
        class Propagation
        {
            public async Task<double[]> SpreadAsync(Queue<int> pending, double[] weights, int n)
            {
                await Task.Yield();
                {|#0:while (pending.Count > 0)|}
                {
                    var node = pending.Dequeue();
                    for (int i = n; i > 0; i--)
                        weights[i - 1] += node * 0.5 / i;
                }

                return weights;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'while (pending.Count > 0)' is CPU-heavy (nested loops over 'pending' and 'n') on an async path: it holds the calling thread until it finishes"));

    [Fact]
    public Task Message_names_the_counter_of_a_do_loop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Equalizer
        {
            public async Task<double> SettleAsync(float[] samples, int passes)
            {
                await Task.Yield();
                double energy = 0, gain = 1;
                {|#0:do|}
                {
                    for (int j = 0; j < samples.Length; j++)
                        energy += samples[j] * samples[j] * gain;
                    gain *= 0.5;
                }
                while (--passes > 0);
                return energy;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'do ... while (--passes > 0)' is CPU-heavy (nested loops over 'passes' and 'samples') on an async path: it holds the calling thread until it finishes"));

    [Fact]
    public Task Message_names_the_collection_of_a_while_loop_with_a_compound_condition_and_a_blocked_for_loop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Checksums
        {
            public async Task<uint> FoldAsync(Stack<uint> frontier, byte[] buffer, CancellationToken token)
            {
                await Task.Yield();
                uint acc = 17;
                {|#0:while (!token.IsCancellationRequested && frontier.Count > 0)|}
                {
                    var seed = frontier.Pop();
                    for (int offset = 0; offset + 4 <= buffer.Length; offset += 4)
                        acc = (acc ^ seed) * 31 + buffer[offset];
                }

                return acc;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'while (!token.IsCancellationRequested && frontier.Count > 0)' is CPU-heavy (nested loops over 'frontier' and 'buffer') on an async path: it holds the calling thread until it finishes"));

    [Fact]
    public Task Message_names_an_endless_loop_by_its_header_and_a_linked_list_by_its_head() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cell { public Cell? Next; public int Value; }
        class Automaton
        {
            public async Task<long> RunAsync(Cell head, int[] rule)
            {
                await Task.Yield();
                long generation = 0;
                {|#0:while (true)|}
                {
                    int alive = 0;
                    for (var cell = head; cell != null; cell = cell.Next)
                        alive += rule[cell.Value & 7] * (int)(generation & 1);
                    if (alive == 0) break;
                    generation++;
                }

                return generation;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'while (true)' is CPU-heavy (nested loops over the passes of 'while (true)' and 'head') on an async path: it holds the calling thread until it finishes"));

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_the_same_loop_in_synchronous_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class Matrix
        {
            public double[,] Multiply(double[,] a, double[,] b, int n)
            {
                var c = new double[n, n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        for (int k = 0; k < n; k++)
                            c[i, j] += a[i, k] * b[k, j];
                return c;
            }
        }
        """);

    [Fact]
    public Task Ignores_heavy_loop_already_offloaded_to_Task_Run() => Verify.VerifyAnalyzerAsync(Usings + """
        class Matrix
        {
            public async Task<double[,]> MultiplyAsync(double[,] a, double[,] b, int n)
            {
                var c = new double[n, n];
                await Task.Run(() =>
                {
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++)
                            for (int k = 0; k < n; k++)
                                c[i, j] += a[i, k] * b[k, j];
                });
                return c;
            }
        }
        """);

    // FastEndpoints' idempotency key: a request's form fields hashed as text made from each field.
    [Fact]
    public Task Ignores_hashing_text_interpolated_from_each_element() => Verify.VerifyAnalyzerAsync(Usings + """
        class IdempotencyKey
        {
            public async Task<string> ComputeAsync(Func<Task<IReadOnlyDictionary<string, string>>> readForm, IEnumerable<(string Name, long Length)> files)
            {
                var form = await readForm();
                using var hasher = SHA256.Create();
                foreach (var field in form)
                {
                    var bytes = Encoding.UTF8.GetBytes($"{field.Key}{field.Value}");
                    hasher.TransformBlock(bytes, 0, bytes.Length, null, 0);
                }

                foreach (var file in files)
                {
                    hasher.TransformBlock(Encoding.UTF8.GetBytes(file.Name + ":" + file.Length), 0, 1, null, 0);
                    var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{file.Name}"));
                }

                hasher.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return Convert.ToHexString(hasher.Hash!);
            }
        }
        """);

    [Fact]
    public Task Flags_hashing_each_buffer_or_the_text_of_each_document() => Verify.VerifyAnalyzerAsync(Usings + """
        class Digests
        {
            public async Task<string> ComputeAsync(Func<Task<List<byte[]>>> readChunks, Func<Task<List<string>>> readDocuments)
            {
                var chunks = await readChunks();
                using var hasher = SHA256.Create();
                [|foreach (var chunk in chunks)|]
                {
                    hasher.TransformBlock(chunk, 0, chunk.Length, null, 0);
                }

                var documents = await readDocuments();
                [|foreach (var document in documents)|]
                {
                    var bytes = Encoding.UTF8.GetBytes(document);
                    hasher.TransformBlock(bytes, 0, bytes.Length, null, 0);
                }

                hasher.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return Convert.ToHexString(hasher.Hash!);
            }
        }
        """);

    [Fact]
    public Task Ignores_single_loop_over_a_collection_doing_a_little_arithmetic() => Verify.VerifyAnalyzerAsync(Usings + """
        class Totals
        {
            public async Task<decimal> TotalAsync(Func<Task<List<decimal>>> load)
            {
                var prices = await load();
                decimal total = 0;
                for (int i = 0; i < prices.Count; i++)
                {
                    total += prices[i] * 1.2m;
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Ignores_small_constant_loops() => Verify.VerifyAnalyzerAsync(Usings + """
        class Header
        {
            public async Task<int> ChecksumAsync(Stream stream)
            {
                var header = new byte[16];
                await stream.ReadExactlyAsync(header);
                int checksum = 0;
                for (int i = 0; i < 16; i++)
                    for (int bit = 0; bit < 8; bit++)
                        checksum += (header[i] >> bit) & 1;
                return checksum;
            }
        }
        """);

    [Fact]
    public Task Ignores_loops_that_await_inside() => Verify.VerifyAnalyzerAsync(Usings + """
        class Uploader
        {
            public async Task UploadAsync(List<string> folders, List<string> files, Func<string, string, Task> send)
            {
                foreach (var folder in folders)
                    foreach (var file in files)
                        await send(folder, file);
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_that_do_IO() => Verify.VerifyAnalyzerAsync(Usings + """
        class Report
        {
            public async Task WriteAsync(StreamWriter writer, List<string[]> rows)
            {
                await writer.WriteLineAsync("report");
                foreach (var row in rows)
                    foreach (var column in new List<string>(row))
                        writer.Write(column);
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_that_start_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pinger
        {
            public async Task PingAllAsync(List<string> hosts, List<int> ports, Func<string, int, Task> ping)
            {
                var tasks = new List<Task>();
                foreach (var host in hosts)
                    foreach (var port in ports)
                        tasks.Add(ping(host, port));
                await Task.WhenAll(tasks);
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_that_call_handlers() => Verify.VerifyAnalyzerAsync(Usings + """
        class EventBus
        {
            private readonly List<Action<string>> _handlers = new();

            public async Task PublishAsync(Func<Task<List<string>>> poll)
            {
                var events = await poll();
                foreach (var e in events)
                    foreach (var handler in _handlers)
                        handler(e);
            }
        }
        """);

    [Fact]
    public Task Ignores_walk_over_the_children_of_each_item() => Verify.VerifyAnalyzerAsync(Usings + """
        class Order { public List<Line> Lines { get; } = new(); }
        class Line { public decimal Price; public int Quantity; }
        class Orders
        {
            public async Task<decimal> TotalAsync(Func<Task<List<Order>>> load)
            {
                var orders = await load();
                decimal total = 0;
                foreach (var order in orders)
                    foreach (var line in order.Lines)
                        total += line.Price * line.Quantity;
                return total;
            }
        }
        """);

    [Fact]
    public Task Ignores_header_parser_with_cursor_loops() => Verify.VerifyAnalyzerAsync(Usings + """
        class HeaderParser
        {
            public async Task<List<string>> ParseAsync(TextReader reader)
            {
                var line = await reader.ReadLineAsync() ?? "";
                var tokens = new List<string>();
                int pos = 0;
                while (pos < line.Length)
                {
                    while (pos < line.Length && line[pos] == ' ') pos++;
                    int start = pos;
                    while (pos < line.Length && line[pos] != ' ' && line[pos] != ',') pos++;
                    if (pos > start) tokens.Add(line.Substring(start, pos - start));
                    pos++;
                }

                return tokens;
            }
        }
        """);

    [Fact]
    public Task Ignores_lookup_in_a_small_static_table() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sanitizer
        {
            private static readonly char[] Invalid = { '<', '>', ':', '"', '|', '?', '*' };

            public async Task<string> CleanAsync(Func<Task<string>> load)
            {
                var name = await load();
                var builder = new StringBuilder(name.Length);
                foreach (var c in name)
                {
                    bool bad = false;
                    foreach (var invalid in Invalid)
                        bad |= c == invalid;
                    builder.Append(bad ? '_' : c);
                }

                return builder.ToString();
            }
        }
        """);

    [Fact]
    public Task Ignores_copying_a_few_items_into_a_list() => Verify.VerifyAnalyzerAsync(Usings + """
        class Copier
        {
            public async Task<List<string>> TopAsync(Func<Task<string[]>> load)
            {
                var names = await load();
                var result = new List<string>();
                for (int i = 0; i < names.Length && i < 10; i++)
                    result.Add(names[i].Trim());
                return result;
            }
        }
        """);

    [Fact]
    public Task Ignores_heavy_loop_in_a_non_async_local_function() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            public async Task<long> RunAsync(int[] a, int[] b)
            {
                await Task.Yield();
                return await Task.Run(Count);

                long Count()
                {
                    long hits = 0;
                    foreach (var x in a)
                        foreach (var y in b)
                            if (x == y) hits++;
                    return hits;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_loop_that_yields_in_async_iterator() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pairs
        {
            public async IAsyncEnumerable<(int, int)> AllAsync(int[] a, int[] b)
            {
                await Task.Yield();
                foreach (var x in a)
                    foreach (var y in b)
                        yield return (x, y);
            }
        }
        """);

    [Fact]
    public Task Ignores_loop_below_a_raised_threshold() => new Verify.Test
    {
        EditorConfig = "threadwise.cpu_loop_threshold = 1_000_000_000",
        TestCode = Usings + """
            class Estimator
            {
                public async Task<double> SumAsync()
                {
                    await Task.Yield();
                    double sum = 0;
                    for (int k = 0; k < 50_000_000; k++)
                        sum += k;
                    return sum;
                }
            }
            """,
    }.RunAsync();

    // ---- must not flag: bookkeeping loops over collections of unknown size ------------------------------------

    [Fact]
    public Task Ignores_mapping_orders_and_statuses_into_DTOs() => Verify.VerifyAnalyzerAsync(Usings + """
        class Order { public int Id { get; set; } public string Customer { get; set; } = ""; public decimal Total { get; set; } }
        class Status { public string Code { get; set; } = ""; public string Label { get; set; } = ""; }
        class OrderStatusDto { public int OrderId { get; set; } public string Customer { get; set; } = ""; public string Status { get; set; } = ""; public decimal Total { get; set; } }
        class OrderReport
        {
            private readonly List<Status> _statuses = new();

            public async Task<List<OrderStatusDto>> BuildAsync(Func<Task<List<Order>>> load)
            {
                var orders = await load();
                var rows = new List<OrderStatusDto>();
                foreach (var order in orders)
                {
                    foreach (var status in _statuses)
                    {
                        rows.Add(new OrderStatusDto
                        {
                            OrderId = order.Id,
                            Customer = order.Customer,
                            Status = status.Label,
                            Total = order.Total,
                        });
                    }
                }

                return rows;
            }
        }
        """);

    [Fact]
    public Task Ignores_mapping_reader_rows_to_column_dictionaries_by_index() => Verify.VerifyAnalyzerAsync(Usings + """
        class RowMapper
        {
            public async Task<List<Dictionary<string, object?>>> MapAsync(Func<Task<object?[][]>> fetch, string[] columns)
            {
                var rows = await fetch();
                var result = new List<Dictionary<string, object?>>(rows.Length);
                for (int i = 0; i < rows.Length; i++)
                {
                    var record = new Dictionary<string, object?>(columns.Length, StringComparer.OrdinalIgnoreCase);
                    for (int j = 0; j < columns.Length; j++)
                    {
                        record[columns[j]] = rows[i][j] is DBNull ? null : rows[i][j];
                    }

                    result.Add(record);
                }

                return result;
            }
        }
        """);

    [Fact]
    public Task Ignores_joining_orders_to_customers_by_setting_a_property() => Verify.VerifyAnalyzerAsync(Usings + """
        class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
        class Invoice { public int CustomerId { get; set; } public Customer? Customer { get; set; } }
        class InvoiceLoader
        {
            public async Task<List<Invoice>> LoadAsync(Func<Task<List<Invoice>>> invoices, Func<Task<List<Customer>>> customers)
            {
                var all = await invoices();
                var known = await customers();
                foreach (var invoice in all)
                    foreach (var customer in known)
                        if (invoice.CustomerId == customer.Id)
                            invoice.Customer = customer;
                return all;
            }
        }
        """);

    [Fact]
    public Task Ignores_grouping_into_a_dictionary_of_lists_with_TryGetValue_and_Add() => Verify.VerifyAnalyzerAsync(Usings + """
        class Message { public string Topic { get; set; } = ""; public string Key { get; set; } = ""; }
        class Batcher
        {
            private readonly List<string> _tenants = new();

            public async Task<Dictionary<string, List<Message>>> GroupAsync(Func<Task<List<Message>>> poll)
            {
                var messages = await poll();
                var byTopic = new Dictionary<string, List<Message>>();
                foreach (var message in messages)
                {
                    foreach (var tenant in _tenants)
                    {
                        var key = tenant + "/" + message.Topic;
                        if (!byTopic.TryGetValue(key, out var list))
                        {
                            list = new List<Message>();
                            byTopic.Add(key, list);
                        }

                        list.Add(message);
                    }
                }

                return byTopic;
            }
        }
        """);

    [Fact]
    public Task Ignores_grouping_with_ContainsKey_and_an_index_counter() => Verify.VerifyAnalyzerAsync(Usings + """
        class Job { public string Group { get; set; } = ""; public string Name { get; set; } = ""; }
        class Trigger { public string JobName { get; set; } = ""; }
        class Scheduler
        {
            public async Task<Dictionary<string, List<(Job, Trigger, int)>>> PlanAsync(Func<Task<List<Job>>> jobs, IReadOnlyList<Trigger> triggers)
            {
                var loaded = await jobs();
                var plan = new Dictionary<string, List<(Job, Trigger, int)>>();
                var sequence = 0;
                for (int i = 0; i < loaded.Count; i++)
                {
                    for (int t = 0; t < triggers.Count; t++)
                    {
                        if (triggers[t].JobName != loaded[i].Name) continue;
                        if (!plan.ContainsKey(loaded[i].Group))
                            plan[loaded[i].Group] = new List<(Job, Trigger, int)>();
                        plan[loaded[i].Group].Add((loaded[i], triggers[t], sequence++));
                    }
                }

                return plan;
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_over_configuration_sections() => Verify.VerifyAnalyzerAsync(Usings + """
        class Section
        {
            public string Key { get; set; } = "";
            public string? Value { get; set; }
            public List<Section> Children { get; } = new();
        }
        class Options { public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase); }
        class OptionsBinder
        {
            private readonly string[] _prefixes = LoadPrefixes();

            private static string[] LoadPrefixes() => Environment.GetEnvironmentVariable("PREFIXES")?.Split(';') ?? Array.Empty<string>();

            public async Task<Options> BindAsync(Func<Task<List<Section>>> read)
            {
                var sections = await read();
                var options = new Options();
                foreach (var section in sections)
                {
                    foreach (var prefix in _prefixes)
                    {
                        if (section.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && section.Value != null)
                        {
                            options.Values[section.Key.Substring(prefix.Length)] = section.Value.Trim();
                        }
                    }
                }

                return options;
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_over_XML_nodes() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Xml;

        class ServiceManifest
        {
            private readonly List<string> _attributes = new() { "name", "port", "protocol" };

            public async Task<List<Dictionary<string, string>>> ReadAsync(Func<Task<string>> download)
            {
                var document = new XmlDocument();
                document.LoadXml(await download());
                var services = new List<Dictionary<string, string>>();
                foreach (XmlNode node in document.SelectNodes("//service")!)
                {
                    var service = new Dictionary<string, string>();
                    foreach (var name in _attributes)
                    {
                        var attribute = node.Attributes?[name];
                        if (attribute != null)
                        {
                            service[name] = attribute.Value;
                        }
                    }

                    services.Add(service);
                }

                return services;
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_over_JSON_elements() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Text.Json;

        class Importer
        {
            private readonly List<string> _fields = new();

            public async Task<List<Dictionary<string, string?>>> ImportAsync(Stream body, CancellationToken cancellationToken)
            {
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                var rows = new List<Dictionary<string, string?>>();
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    var row = new Dictionary<string, string?>();
                    foreach (var field in _fields)
                    {
                        if (item.TryGetProperty(field, out var value))
                        {
                            row[field] = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                        }
                    }

                    rows.Add(row);
                }

                return rows;
            }
        }
        """);

    // puppeteer-sharp's keyboard: each typed letter's text elements counted by a helper: a walk over parts of the text.
    [Fact]
    public Task Ignores_loop_whose_helper_walks_a_cursor_over_its_argument() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Globalization;

        class Keyboard
        {
            private readonly List<string> _actions = new();

            public async Task TypeAsync(string text, Func<List<string>, Task> perform)
            {
                var parts = StringInfo.GetTextElementEnumerator(text);
                while (parts.MoveNext())
                {
                    var letter = parts.Current.ToString();
                    _actions.Add(KeyValue(letter));
                }

                await perform(_actions);
            }

            private static string KeyValue(string key)
            {
                var elements = StringInfo.GetTextElementEnumerator(key);
                var count = 0;
                while (elements.MoveNext())
                {
                    count++;
                }

                return count == 1 ? key : "Unidentified";
            }
        }
        """);

    [Fact]
    public Task Flags_loop_whose_helper_walks_a_cursor_over_a_field() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Globalization;

        class Keyboard
        {
            private readonly List<string> _actions = new();
            private readonly string _layout = "";

            public async Task TypeAsync(string text, Func<List<string>, Task> perform)
            {
                var parts = StringInfo.GetTextElementEnumerator(text);
                [|while (parts.MoveNext())|]
                {
                    var letter = parts.Current.ToString();
                    _actions.Add(KeyValue(letter));
                }

                await perform(_actions);
            }

            private string KeyValue(string key)
            {
                var elements = StringInfo.GetTextElementEnumerator(_layout);
                var count = 0;
                while (elements.MoveNext())
                {
                    count++;
                }

                return count == 1 ? key : "Unidentified";
            }
        }
        """);

    [Fact]
    public Task Ignores_loop_whose_source_helper_loops_and_adds_to_a_list() => Verify.VerifyAnalyzerAsync(Usings + """
        class Endpoint { public string Path { get; set; } = ""; public string Verb { get; set; } = ""; }
        class Module { public string Name { get; set; } = ""; }
        class Registry
        {
            private readonly List<Module> _modules = new();
            private readonly List<Endpoint> _endpoints = new();

            public async Task RegisterAllAsync(Func<Task<List<string>>> discover)
            {
                var tenants = await discover();
                foreach (var tenant in tenants)
                {
                    Register(tenant);
                }
            }

            private void Register(string tenant)
            {
                foreach (var module in _modules)
                {
                    _endpoints.Add(new Endpoint { Path = "/" + tenant + "/" + module.Name, Verb = "GET" });
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_loop_whose_inner_loop_is_three_calls_down() => Verify.VerifyAnalyzerAsync(Usings + """
        class Column { public string Name { get; set; } = ""; public Type Type { get; set; } = typeof(object); }
        class TableInfo { public string Name { get; set; } = ""; public List<Column> Columns { get; } = new(); }
        class SchemaCache
        {
            private readonly List<string> _knownColumns = new();
            private readonly Dictionary<string, TableInfo> _tables = new();

            public async Task RefreshAsync(Func<Task<List<string>>> listTables)
            {
                var names = await listTables();
                foreach (var name in names)
                {
                    _tables[name] = Describe(name);
                }
            }

            private TableInfo Describe(string table) => Fill(new TableInfo { Name = table });

            private TableInfo Fill(TableInfo info)
            {
                AddColumns(info);
                return info;
            }

            private void AddColumns(TableInfo info)
            {
                foreach (var column in _knownColumns)
                {
                    info.Columns.Add(new Column { Name = column, Type = typeof(string) });
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_that_concatenate_a_few_fields_for_logging() => Verify.VerifyAnalyzerAsync(Usings + """
        interface ILog { void Debug(string message); }
        class Subscription { public string Queue { get; set; } = ""; public int Prefetch { get; set; } }
        class Diagnostics
        {
            private readonly ILog _log;
            private readonly List<string> _consumers = new();

            public Diagnostics(ILog log) => _log = log;

            public async Task DumpAsync(Func<Task<List<Subscription>>> load)
            {
                var subscriptions = await load();
                foreach (var subscription in subscriptions)
                    foreach (var consumer in _consumers)
                        _log.Debug("consumer " + consumer + " on " + subscription.Queue + " prefetch=" + subscription.Prefetch);
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_that_build_lines_with_interpolation() => Verify.VerifyAnalyzerAsync(Usings + """
        class Metric { public string Name { get; set; } = ""; public double Value { get; set; } }
        class Exporter
        {
            private readonly List<string> _labels = new();

            public async Task<string> ExportAsync(Func<Task<List<Metric>>> collect)
            {
                var metrics = await collect();
                var builder = new StringBuilder();
                foreach (var metric in metrics)
                    foreach (var label in _labels)
                        builder.AppendLine($"{metric.Name}{{{label}}} {metric.Value}");
                return builder.ToString();
            }
        }
        """);

    [Fact]
    public Task Ignores_while_loop_draining_a_queue_into_subscribers() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Collections.Concurrent;

        class Envelope { public string Topic { get; set; } = ""; public byte[] Body { get; set; } = Array.Empty<byte>(); }
        class Subscriber
        {
            public string Topic { get; set; } = "";
            public List<Envelope> Inbox { get; } = new();
        }
        class Dispatcher
        {
            private readonly ConcurrentQueue<Envelope> _pending = new();
            private readonly List<Subscriber> _subscribers = new();

            public async Task PumpAsync(CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                while (_pending.TryDequeue(out var envelope))
                {
                    foreach (var subscriber in _subscribers)
                    {
                        if (subscriber.Topic == envelope.Topic)
                        {
                            subscriber.Inbox.Add(envelope);
                        }
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_while_loop_reading_an_XmlReader() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Xml;

        class FeedParser
        {
            private readonly string[] _interesting = { "title", "link", "pubDate", "guid", "author" };

            public async Task<List<KeyValuePair<string, string>>> ParseAsync(Func<Task<string>> download)
            {
                var xml = await download();
                var entries = new List<KeyValuePair<string, string>>();
                using var reader = XmlReader.Create(new StringReader(xml));
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element) continue;
                    for (int i = 0; i < reader.AttributeCount; i++)
                    {
                        reader.MoveToAttribute(i);
                        entries.Add(new KeyValuePair<string, string>(reader.Name, reader.Value));
                    }
                }

                return entries;
            }
        }
        """);

    [Fact]
    public Task Ignores_loops_over_HttpResponseHeaders() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Net.Http;

        class HeaderLogger
        {
            private readonly List<string> _redacted = new() { "Authorization", "Set-Cookie" };

            public async Task<Dictionary<string, string>> CaptureAsync(HttpClient client, Uri uri)
            {
                using var response = await client.GetAsync(uri);
                var captured = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var header in response.Headers)
                {
                    var value = string.Join(",", header.Value);
                    foreach (var name in _redacted)
                    {
                        if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                        {
                            value = "***";
                        }
                    }

                    captured[header.Key] = value;
                }

                return captured;
            }
        }
        """);

    [Fact]
    public Task Ignores_building_a_route_table() => Verify.VerifyAnalyzerAsync(Usings + """
        class Route
        {
            public Route(string verb, string template, Func<string, Task<string>> handler) { Verb = verb; Template = template; Handler = handler; }
            public string Verb { get; }
            public string Template { get; }
            public Func<string, Task<string>> Handler { get; }
        }
        class Controller { public string Prefix { get; set; } = ""; public Func<string, Task<string>> Handle { get; set; } = s => Task.FromResult(s); }
        class Router
        {
            private static readonly List<string> Verbs = new() { "GET", "POST", "PUT", "DELETE" };
            private readonly Dictionary<string, Route> _table = new(StringComparer.OrdinalIgnoreCase);

            public async Task BuildAsync(Func<Task<List<Controller>>> scan)
            {
                var controllers = await scan();
                foreach (var controller in controllers)
                {
                    foreach (var verb in Verbs)
                    {
                        var template = controller.Prefix.TrimEnd('/') + "/{id?}";
                        _table[verb + " " + template] = new Route(verb, template, controller.Handle);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_nested_loops_that_only_call_logger_Log() => Verify.VerifyAnalyzerAsync(Usings + """
        enum LogLevel { Debug, Information }
        interface ILogger { void Log(LogLevel level, string message, params object[] args); }
        class Pool { public string Name { get; set; } = ""; public int Size { get; set; } }
        class PoolReporter
        {
            private readonly ILogger _logger;
            private readonly List<string> _hosts = new();

            public PoolReporter(ILogger logger) => _logger = logger;

            public async Task ReportAsync(Func<Task<List<Pool>>> snapshot)
            {
                var pools = await snapshot();
                foreach (var pool in pools)
                    foreach (var host in _hosts)
                        _logger.Log(LogLevel.Debug, "Pool {Pool} on {Host} has {Size} connections", pool.Name, host, pool.Size);
            }
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_offloads_the_loop_to_the_thread_pool() => Verify.VerifyCodeFixAsync(Usings + """
        class Matrix
        {
            public async Task<double> TraceAsync(double[,] a, double[,] b, int n)
            {
                await Task.Yield();
                double trace = 0;
                [|for (int i = 0; i < n; i++)|]
                {
                    for (int k = 0; k < n; k++)
                    {
                        trace += a[i, k] * b[k, i];
                    }
                }

                return trace;
            }
        }
        """, Usings + """
        class Matrix
        {
            public async Task<double> TraceAsync(double[,] a, double[,] b, int n)
            {
                await Task.Yield();
                double trace = 0;
                await Task.Run(() =>
                {
                    for (int i = 0; i < n; i++)
                    {
                        for (int k = 0; k < n; k++)
                        {
                            trace += a[i, k] * b[k, i];
                        }
                    }
                });

                return trace;
            }
        }
        """, TW201CpuHeavyLoopCodeFix.OffloadKey);

    [Fact]
    public Task Fix_parallelizes_independent_iterations_on_the_thread_pool() => Verify.VerifyCodeFixAsync(MatrixBefore, MatrixAfter, TW201CpuHeavyLoopCodeFix.ParallelizeKey);

    [Fact]
    public Task Fix_parallelizes_an_integer_reduction_with_partials() => Verify.VerifyCodeFixAsync(PairsBefore, PairsAfter, TW201CpuHeavyLoopCodeFix.ParallelizeKey);

    [Fact]
    public Task Fix_is_not_offered_where_the_loop_returns_from_the_method() => Verify.VerifyCodeFixAsync(Usings + """
        class Search
        {
            public async Task<bool> HasPairAsync(int[] a, int[] b, int target)
            {
                await Task.Yield();
                [|foreach (var x in a)|]
                    foreach (var y in b)
                        if (x + y == target) return true;
                return false;
            }
        }
        """, Usings + """
        class Search
        {
            public async Task<bool> HasPairAsync(int[] a, int[] b, int target)
            {
                await Task.Yield();
                [|foreach (var x in a)|]
                    foreach (var y in b)
                        if (x + y == target) return true;
                return false;
            }
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_where_the_loop_uses_a_span() => Verify.VerifyCodeFixAsync(Usings + """
        class Scanner
        {
            public async Task<int> CountAsync(Memory<byte> memory, byte[] needles)
            {
                await Task.Yield();
                Span<byte> data = memory.Span;
                int hits = 0;
                [|for (int i = 0; i < data.Length; i++)|]
                    for (int j = 0; j < needles.Length; j++)
                        if (data[i] == needles[j]) hits++;
                return hits;
            }
        }
        """, Usings + """
        class Scanner
        {
            public async Task<int> CountAsync(Memory<byte> memory, byte[] needles)
            {
                await Task.Yield();
                Span<byte> data = memory.Span;
                int hits = 0;
                [|for (int i = 0; i < data.Length; i++)|]
                    for (int j = 0; j < needles.Length; j++)
                        if (data[i] == needles[j]) hits++;
                return hits;
            }
        }
        """);

    [Fact]
    public Task Fix_All_offloads_every_heavy_loop_in_the_document() => new Verify.Test
    {
        CodeActionEquivalenceKey = TW201CpuHeavyLoopCodeFix.OffloadKey,
        TestCode = Usings + """
            class Stats
            {
                public async Task<(long, long)> PairsAsync(int[] a, int[] b)
                {
                    await Task.Yield();
                    long equal = 0, less = 0;
                    [|foreach (var x in a)|]
                        foreach (var y in b)
                            if (x == y) equal++;
                    [|foreach (var x in a)|]
                        foreach (var y in b)
                            if (x < y) less++;
                    return (equal, less);
                }
            }
            """,
        FixedCode = Usings + """
            class Stats
            {
                public async Task<(long, long)> PairsAsync(int[] a, int[] b)
                {
                    await Task.Yield();
                    long equal = 0, less = 0;
                    await Task.Run(() =>
                    {
                        foreach (var x in a)
                            foreach (var y in b)
                                if (x == y) equal++;
                    });
                    await Task.Run(() =>
                    {
                        foreach (var x in a)
                            foreach (var y in b)
                                if (x < y) less++;
                    });
                    return (equal, less);
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_parallel_matrix_multiply_computes_the_same_matrix() => CompiledRunner.AssertSameResultsAsync(
        MatrixBefore, MatrixAfter, "Matrix", "MultiplyAsync", () => [RandomMatrix(60, 1), RandomMatrix(60, 2), 60]);

    [Fact]
    public Task Fix_parallel_reduction_counts_the_same_pairs() => CompiledRunner.AssertSameResultsAsync(
        PairsBefore, PairsAfter, "Pairs", "CountAsync", () => [RandomInts(3000, 3), RandomInts(2000, 4)]);

    internal static double[,] RandomMatrix(int n, int seed)
    {
        var random = new Random(seed);
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                matrix[i, j] = random.NextDouble() - 0.5;
            }
        }

        return matrix;
    }

    internal static int[] RandomInts(int length, int seed)
    {
        var random = new Random(seed);
        var values = new int[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.Next(-1000, 1000);
        }

        return values;
    }
}
