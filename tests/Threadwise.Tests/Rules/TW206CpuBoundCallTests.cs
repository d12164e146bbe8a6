using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW206CpuBoundCallAnalyzer, Threadwise.Fixes.Cpu.TW206CpuBoundCallCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW206CpuBoundCallTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // The user's own attribute, in their own namespace: matched by name.
    private const string Imaging = """

        namespace Imaging.Annotations
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class CpuBoundAttribute : Attribute { }
        }

        namespace Imaging
        {
            using Imaging.Annotations;

            public static class Thumbnailer
            {
                [CpuBound]
                public static byte[] Render(byte[] image, int size) => image;

                public static byte[] Render(byte[] image) => image;

                public static int Checksum(byte[] data) => data.Length;

                public static T Pick<T>(T value, int seed) => value;
            }

            public static class ImageExtensions
            {
                [CpuBound]
                public static byte[] Sharpen(this byte[] image) => image;
            }
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_call_to_a_method_marked_CpuBound_in_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class UploadHandler
        {
            public async Task<byte[]> HandleAsync(Stream upload)
            {
                var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer);
                var thumbnail = {|#0:Thumbnailer.Render(buffer.ToArray(), 128)|};
                return [|thumbnail.Sharpen()|];
            }
        }
        """ + Imaging,
        Verify.Diagnostic().WithLocation(0).WithMessage("'Thumbnailer.Render' is CPU-bound (marked [CpuBound]) and holds the calling thread while it runs; run it with 'await Task.Run' so the caller is not held"));

    [Fact]
    public Task Flags_a_method_listed_by_its_documentation_comment_ID() => new Verify.Test
    {
        TestCode = Usings + """
            using Imaging;

            class Indexer
            {
                public async Task<int> IndexAsync(string path)
                {
                    var data = await File.ReadAllBytesAsync(path);
                    return {|#0:Thumbnailer.Checksum(data)|} + Thumbnailer.Render(data).Length;
                }
            }
            """ + Imaging,
        EditorConfig = "threadwise.cpu_bound_methods = M:Imaging.Thumbnailer.Checksum(System.Byte[]), M:Imaging.Thumbnailer.Unknown",
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'Thumbnailer.Checksum' is CPU-bound (listed in threadwise.cpu_bound_methods) and holds the calling thread while it runs; run it with 'await Task.Run' so the caller is not held") },
    }.RunAsync();

    [Fact]
    public Task Flags_every_overload_when_the_entry_has_no_parameter_list_or_prefix() => new Verify.Test
    {
        TestCode = Usings + """
            using Imaging;

            class Indexer
            {
                public async Task<int> IndexAsync(string path)
                {
                    var data = await File.ReadAllBytesAsync(path);
                    var a = [|Thumbnailer.Render(data)|];
                    var b = [|Thumbnailer.Render(data, 64)|];
                    var c = [|Thumbnailer.Pick(a, 1)|];
                    return a.Length + b.Length + c.Length;
                }
            }
            """ + Imaging,
        EditorConfig = "threadwise.cpu_bound_methods = Imaging.Thumbnailer.Render, Imaging.Thumbnailer.Pick",
    }.RunAsync();

    [Fact]
    public Task Flags_every_method_of_a_listed_type() => new Verify.Test
    {
        TestCode = Usings + """
            using System.Security.Cryptography;

            class Signer
            {
                public async Task<byte[]> SignAsync(string path)
                {
                    var data = await File.ReadAllBytesAsync(path);
                    return [|SHA256.HashData(data)|];
                }
            }
            """,
        EditorConfig = "threadwise.cpu_bound_methods = T:System.Security.Cryptography.SHA256",
    }.RunAsync();

    [Fact]
    public Task Flags_in_async_lambdas_and_async_local_functions() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class Gallery
        {
            public event EventHandler Changed;

            public void Wire(Func<Task<byte[]>> load)
            {
                Changed += async (sender, e) =>
                {
                    var image = await load();
                    [|Thumbnailer.Render(image, 32)|];
                };
            }

            public async Task RefreshAsync(byte[] image)
            {
                await ProcessAsync();

                async Task ProcessAsync()
                {
                    await Task.Yield();
                    [|image.Sharpen()|];
                }
            }
        }
        """ + Imaging);

    [Fact]
    public Task Message_speaks_of_the_UI_thread_in_desktop_apps() => new Verify.Test
    {
        TestCode = Usings + """
            using Imaging;

            class Viewer
            {
                async Task ShowAsync(byte[] image)
                {
                    await Task.Yield();
                    {|#0:Thumbnailer.Render(image, 256)|};
                }
            }
            """ + Imaging,
        AdditionalReferences = { TestReferences.EmptyAssembly("System.Windows.Forms") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'Thumbnailer.Render' is CPU-bound (marked [CpuBound]) and holds the UI thread while it runs; run it with 'await Task.Run' to keep the UI responsive") },
    }.RunAsync();

    [Fact]
    public Task Message_says_on_a_server_that_offloading_adds_no_throughput() => new Verify.Test
    {
        TestCode = Usings + """
            using Imaging;

            class ThumbnailEndpoint
            {
                async Task<byte[]> GetAsync(Stream body)
                {
                    var buffer = new MemoryStream();
                    await body.CopyToAsync(buffer);
                    return {|#0:Thumbnailer.Render(buffer.ToArray(), 256)|};
                }
            }
            """ + Imaging,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'Thumbnailer.Render' is CPU-bound (marked [CpuBound]) and holds the request thread while it runs; 'await Task.Run' frees the request thread but adds no throughput on a server") },
    }.RunAsync();

    [Fact]
    public Task Message_says_in_a_Blazor_WebAssembly_client_that_Task_Run_helps_only_with_threads() => new Verify.Test
    {
        TestCode = Usings + """
            using Imaging;

            class ImagePreview
            {
                async Task<byte[]> PreviewAsync(Stream upload)
                {
                    var buffer = new MemoryStream();
                    await upload.CopyToAsync(buffer);
                    return {|#0:Thumbnailer.Render(buffer.ToArray(), 128)|};
                }
            }
            """ + Imaging,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Components.WebAssembly") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'Thumbnailer.Render' is CPU-bound (marked [CpuBound]) and holds the UI thread of a Blazor WebAssembly app while it runs; 'await Task.Run' moves it off that thread only where WebAssembly threads are enabled; otherwise do it in smaller steps or on the server") },
    }.RunAsync();

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_calls_inside_Task_Run_lambdas_async_or_not() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class UploadHandler
        {
            public async Task<byte[]> HandleAsync(byte[] image, CancellationToken cancellationToken)
            {
                var small = await Task.Run(() => Thumbnailer.Render(image, 64), cancellationToken);
                var large = await Task.Run(async () =>
                {
                    await Task.Delay(10, cancellationToken);
                    return Thumbnailer.Render(image, 512).Sharpen();
                });
                var started = await Task.Factory.StartNew(() => Thumbnailer.Render(image, 32));
                return small.Concat(large).Concat(started).ToArray();
            }
        }
        """ + Imaging);

    [Fact]
    public Task Ignores_calls_in_private_async_methods_that_only_pool_code_calls() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class UploadHandler
        {
            public Task<byte[]> HandleAsync(byte[] image) => Task.Run(() => ScaleAsync(image));

            private async Task<byte[]> ScaleAsync(byte[] image)
            {
                await Task.Delay(1);
                return SharpenAsync(Thumbnailer.Render(image, 64)).Result;
            }

            private static async Task<byte[]> SharpenAsync(byte[] image)
            {
                await Task.Yield();
                return image.Sharpen();
            }
        }
        """ + Imaging);

    [Fact]
    public Task Flags_calls_in_private_async_methods_also_awaited_off_the_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class UploadHandler
        {
            public async Task<byte[]> HandleAsync(byte[] image)
            {
                var pooled = await Task.Run(() => ScaleAsync(image));
                return await ScaleAsync(pooled);
            }

            private async Task<byte[]> ScaleAsync(byte[] image)
            {
                await Task.Delay(1);
                return [|Thumbnailer.Render(image, 64)|];
            }
        }
        """ + Imaging);

    [Fact]
    public Task Ignores_synchronous_code_and_non_async_lambdas_in_async_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class Batch
        {
            public byte[] RenderAll(byte[] image) => Thumbnailer.Render(image, 64);

            public async Task<List<byte[]>> RenderLaterAsync(IEnumerable<byte[]> images)
            {
                await Task.Yield();
                Func<byte[], byte[]> render = image => Thumbnailer.Render(image, 64);
                return images.Select(image => image.Sharpen()).Select(render).ToList();
            }
        }
        """ + Imaging);

    [Fact]
    public Task Ignores_attributes_named_similarly_but_not_CpuBoundAttribute() => Verify.VerifyAnalyzerAsync(Usings + """
        [AttributeUsage(AttributeTargets.Method)] sealed class CpuBoundHintAttribute : Attribute { }
        [AttributeUsage(AttributeTargets.Method)] sealed class NotCpuBoundAttribute : Attribute { }
        [AttributeUsage(AttributeTargets.Method)] sealed class CpuBound : Attribute { }

        class Codec
        {
            [CpuBoundHint] static int A(int x) => x;
            [NotCpuBound] static int B(int x) => x;
            [CpuBound] static int C(int x) => x;

            async Task<int> RunAsync()
            {
                await Task.Yield();
                return A(1) + B(2) + C(3);
            }
        }
        """);

    [Fact]
    public Task Ignores_overloads_and_methods_the_list_does_not_name() => new Verify.Test
    {
        TestCode = Usings + """
            using Imaging;

            class Indexer
            {
                public async Task<int> IndexAsync(string path)
                {
                    var data = await File.ReadAllBytesAsync(path);
                    return Thumbnailer.Render(data).Length + Thumbnailer.Checksum(data) + Thumbnailer.Pick(1, 2);
                }
            }
            """ + Imaging,
        EditorConfig = "threadwise.cpu_bound_methods = M:Imaging.Thumbnailer.Render(System.Byte[],System.Int32), P:Imaging.Thumbnailer.Checksum, T:Imaging.Other, Thumbnailer.Pick",
    }.RunAsync();

    [Fact]
    public Task Ignores_marked_methods_that_return_a_task() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CpuBoundAttribute : Attribute { }

        class Renderer
        {
            [CpuBound] Task<int> RenderAsync(int size) => Task.Run(() => size * size);

            async Task<int> RunAsync()
            {
                await Task.Yield();
                return await RenderAsync(4);
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_where_await_cannot_be_written() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class Cache
        {
            private readonly object _gate = new object();
            private byte[] _thumbnail;

            public async Task UpdateAsync(Stream source)
            {
                var buffer = new MemoryStream();
                await source.CopyToAsync(buffer);
                lock (_gate)
                {
                    _thumbnail = Thumbnailer.Render(buffer.ToArray(), 64);
                }
            }
        }
        """ + Imaging);

    [Fact]
    public Task Ignores_calls_inside_Parallel_loop_bodies() => Verify.VerifyAnalyzerAsync(Usings + """
        using Imaging;

        class Batch
        {
            public async Task RenderAllAsync(IReadOnlyList<byte[]> images, CancellationToken cancellationToken)
            {
                await Parallel.ForEachAsync(images, cancellationToken, async (image, ct) =>
                {
                    var thumbnail = Thumbnailer.Render(image, 64);
                    await File.WriteAllBytesAsync(Path.GetTempFileName(), thumbnail, ct);
                });
            }
        }
        """ + Imaging);

    [Fact]
    public Task Ignores_everything_when_the_list_is_empty_or_absent() => new Verify.Test
    {
        TestCode = Usings + """
            using System.Security.Cryptography;

            class Signer
            {
                public async Task<byte[]> SignAsync(string path)
                {
                    var data = await File.ReadAllBytesAsync(path);
                    return SHA256.HashData(data);
                }
            }
            """,
        EditorConfig = "threadwise.cpu_bound_methods = ",
    }.RunAsync();

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_moves_the_call_to_Task_Run_keeping_precedence() => Verify.VerifyCodeFixAsync(Usings + """
        using Imaging;

        class UploadHandler
        {
            public async Task<int> HandleAsync(byte[] image)
            {
                await Task.Yield();
                [|Thumbnailer.Render(image, 16)|];
                var thumbnail = [|Thumbnailer.Render(image, 64)|];
                return [|thumbnail.Sharpen()|].Length + 1;
            }
        }
        """ + Imaging, Usings + """
        using Imaging;

        class UploadHandler
        {
            public async Task<int> HandleAsync(byte[] image)
            {
                await Task.Yield();
                await Task.Run(() => Thumbnailer.Render(image, 16));
                var thumbnail = await Task.Run(() => Thumbnailer.Render(image, 64));
                return (await Task.Run(() => thumbnail.Sharpen())).Length + 1;
            }
        }
        """ + Imaging);

    [Fact]
    public Task Fix_is_not_offered_where_a_lambda_cannot_hold_the_call() => Verify.VerifyCodeFixAsync(Usings + """
        sealed class CpuBoundAttribute : Attribute { }

        class Parser
        {
            [CpuBound] static int Count(ReadOnlySpan<char> text) => text.Length;
            [CpuBound] static bool TryParse(string text, out int value) { value = text.Length; return true; }
            [CpuBound] static int Measure(int value) => value;

            async Task<int> RunAsync(string text, Task<int> pending)
            {
                await Task.Yield();
                var n = 0;
                {
                    ReadOnlySpan<char> span = text.AsSpan(1);
                    n += [|Count(span)|];
                }

                if ([|TryParse(text, out var parsed)|])
                {
                    n += parsed;
                }

                return n + [|Measure(await pending)|];
            }
        }
        """, Usings + """
        sealed class CpuBoundAttribute : Attribute { }

        class Parser
        {
            [CpuBound] static int Count(ReadOnlySpan<char> text) => text.Length;
            [CpuBound] static bool TryParse(string text, out int value) { value = text.Length; return true; }
            [CpuBound] static int Measure(int value) => value;

            async Task<int> RunAsync(string text, Task<int> pending)
            {
                await Task.Yield();
                var n = 0;
                {
                    ReadOnlySpan<char> span = text.AsSpan(1);
                    n += [|Count(span)|];
                }

                if ([|TryParse(text, out var parsed)|])
                {
                    n += parsed;
                }

                return n + [|Measure(await pending)|];
            }
        }
        """);
}
