using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The framework types the rules ask about, resolved once per compilation so that every check is a symbol comparison.
    /// A type the compilation does not reference is null, and every question about it answers "no".
    /// </summary>
    internal sealed class KnownTypes
    {
        private readonly AwaiterExtensions _awaiterExtensions;

        private KnownTypes(Compilation compilation)
        {
            _awaiterExtensions = new AwaiterExtensions(compilation);
            Task = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            TaskFactory = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskFactory");
            TaskFactoryOfT = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
            TaskStatus = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskStatus");
            TaskCompletionSource = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskCompletionSource");
            TaskCompletionSourceOfT = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskCompletionSource`1");
            ConfiguredTaskAwaitable = compilation.GetBestTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = compilation.GetBestTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            ConfiguredValueTaskAwaitable = compilation.GetBestTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
            ConfiguredValueTaskAwaitableOfT = compilation.GetBestTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
            CancellationToken = compilation.GetBestTypeByMetadataName("System.Threading.CancellationToken");
            CancellationTokenSource = compilation.GetBestTypeByMetadataName("System.Threading.CancellationTokenSource");
            CancellationTokenRegistration = compilation.GetBestTypeByMetadataName("System.Threading.CancellationTokenRegistration");
            ObsoleteAttribute = compilation.GetBestTypeByMetadataName("System.ObsoleteAttribute");
            ConditionalAttribute = compilation.GetBestTypeByMetadataName("System.Diagnostics.ConditionalAttribute");
            Thread = compilation.GetBestTypeByMetadataName("System.Threading.Thread");
            HostEnvironmentEnvExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions");
            HostingEnvironmentExtensions = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Hosting.HostingEnvironmentExtensions");
            SemaphoreSlim = compilation.GetBestTypeByMetadataName("System.Threading.SemaphoreSlim");
            TimeSpan = compilation.GetBestTypeByMetadataName("System.TimeSpan");
            ThreadingTimeout = compilation.GetBestTypeByMetadataName("System.Threading.Timeout");
            AggregateException = compilation.GetBestTypeByMetadataName("System.AggregateException");
            Console = compilation.GetBestTypeByMetadataName("System.Console");
            SpectreAnsiConsole = compilation.GetBestTypeByMetadataName("Spectre.Console.AnsiConsole");
            SpectreAnsiConsoleExtensions = compilation.GetBestTypeByMetadataName("Spectre.Console.AnsiConsoleExtensions");
            SpectreAnsiConsoleInput = compilation.GetBestTypeByMetadataName("Spectre.Console.IAnsiConsoleInput");
            SpectrePrompt = compilation.GetBestTypeByMetadataName("Spectre.Console.IPrompt`1");
            Stream = compilation.GetBestTypeByMetadataName("System.IO.Stream");
            MemoryStream = compilation.GetBestTypeByMetadataName("System.IO.MemoryStream");
            UnmanagedMemoryStream = compilation.GetBestTypeByMetadataName("System.IO.UnmanagedMemoryStream");
            BufferTypes = NonNull(
                compilation.GetBestTypeByMetadataName("System.Buffers.ReadOnlySequence`1"),
                compilation.GetBestTypeByMetadataName("System.SequencePosition"),
                compilation.GetBestTypeByMetadataName("System.Memory`1"),
                compilation.GetBestTypeByMetadataName("System.ReadOnlyMemory`1"),
                compilation.GetBestTypeByMetadataName("System.ArraySegment`1"));
            Assembly = compilation.GetBestTypeByMetadataName("System.Reflection.Assembly");
            StringReader = compilation.GetBestTypeByMetadataName("System.IO.StringReader");
            StringWriter = compilation.GetBestTypeByMetadataName("System.IO.StringWriter");
            TextReader = compilation.GetBestTypeByMetadataName("System.IO.TextReader");
            TextWriter = compilation.GetBestTypeByMetadataName("System.IO.TextWriter");
            File = compilation.GetBestTypeByMetadataName("System.IO.File");
            FileInfo = compilation.GetBestTypeByMetadataName("System.IO.FileInfo");
            FileStream = compilation.GetBestTypeByMetadataName("System.IO.FileStream");
            FileOptions = compilation.GetBestTypeByMetadataName("System.IO.FileOptions");
            FileStreamOptions = compilation.GetBestTypeByMetadataName("System.IO.FileStreamOptions");
            INotifyPropertyChanged = compilation.GetBestTypeByMetadataName("System.ComponentModel.INotifyPropertyChanged");
            ICommand = compilation.GetBestTypeByMetadataName("System.Windows.Input.ICommand");
            Pipe = compilation.GetBestTypeByMetadataName("System.IO.Pipelines.Pipe");
            ZipArchive = compilation.GetBestTypeByMetadataName("System.IO.Compression.ZipArchive");
            ZipArchiveEntry = compilation.GetBestTypeByMetadataName("System.IO.Compression.ZipArchiveEntry");
            ZipFile = compilation.GetBestTypeByMetadataName("System.IO.Compression.ZipFile");
            ZipFileExtensions = compilation.GetBestTypeByMetadataName("System.IO.Compression.ZipFileExtensions");
            HashAlgorithm = compilation.GetBestTypeByMetadataName("System.Security.Cryptography.HashAlgorithm");
            Encoding = compilation.GetBestTypeByMetadataName("System.Text.Encoding");
            FileMode = compilation.GetBestTypeByMetadataName("System.IO.FileMode");
            FileAccess = compilation.GetBestTypeByMetadataName("System.IO.FileAccess");
            StreamWriter = compilation.GetBestTypeByMetadataName("System.IO.StreamWriter");
            DbConnection = compilation.GetBestTypeByMetadataName("System.Data.Common.DbConnection");
            DbTransaction = compilation.GetBestTypeByMetadataName("System.Data.Common.DbTransaction");
            DbCommand = compilation.GetBestTypeByMetadataName("System.Data.Common.DbCommand");
            DbDataReader = compilation.GetBestTypeByMetadataName("System.Data.Common.DbDataReader");
            IAsyncDisposable = compilation.GetBestTypeByMetadataName("System.IAsyncDisposable");
            SynchronizationContext = compilation.GetBestTypeByMetadataName("System.Threading.SynchronizationContext");
            ISynchronizeInvoke = compilation.GetBestTypeByMetadataName("System.ComponentModel.ISynchronizeInvoke");
            ServiceProviderServiceExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions");

            // Cpu calls (TW202-TW206)
            Parallel = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Parallel");
            ParallelOptions = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.ParallelOptions");
            ParallelEnumerable = compilation.GetBestTypeByMetadataName("System.Linq.ParallelEnumerable");
            ParallelQuery = compilation.GetBestTypeByMetadataName("System.Linq.ParallelQuery");
            Enumerable = compilation.GetBestTypeByMetadataName("System.Linq.Enumerable");
            // Correctness and locks (TW3xx, TW4xx)
            EventArgs = compilation.GetBestTypeByMetadataName("System.EventArgs");
            Exception = compilation.GetBestTypeByMetadataName("System.Exception");
            ListOfT = compilation.GetBestTypeByMetadataName("System.Collections.Generic.List`1");
            ConcurrentDictionary = compilation.GetBestTypeByMetadataName("System.Collections.Concurrent.ConcurrentDictionary`2");
            TaskCreationOptions = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskCreationOptions");
            TaskContinuationOptions = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskContinuationOptions");
            TaskScheduler = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskScheduler");
            Monitor = compilation.GetBestTypeByMetadataName("System.Threading.Monitor");
            Mutex = compilation.GetBestTypeByMetadataName("System.Threading.Mutex");
            ReaderWriterLock = compilation.GetBestTypeByMetadataName("System.Threading.ReaderWriterLock");
            ReaderWriterLockSlim = compilation.GetBestTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
            SpinLock = compilation.GetBestTypeByMetadataName("System.Threading.SpinLock");
            Lock = compilation.GetBestTypeByMetadataName("System.Threading.Lock");
            Interlocked = compilation.GetBestTypeByMetadataName("System.Threading.Interlocked");
            // Thread waits (TW402)
            WaitHandle = compilation.GetBestTypeByMetadataName("System.Threading.WaitHandle");
            IAsyncResult = compilation.GetBestTypeByMetadataName("System.IAsyncResult");
            AsyncCallback = compilation.GetBestTypeByMetadataName("System.AsyncCallback");
            ManualResetEventSlim = compilation.GetBestTypeByMetadataName("System.Threading.ManualResetEventSlim");
            CountdownEvent = compilation.GetBestTypeByMetadataName("System.Threading.CountdownEvent");
            Barrier = compilation.GetBestTypeByMetadataName("System.Threading.Barrier");
            SpinWait = compilation.GetBestTypeByMetadataName("System.Threading.SpinWait");
            Process = compilation.GetBestTypeByMetadataName("System.Diagnostics.Process");
            // ConfigureAwait (TW501)
            ConfigureAwaitOptions = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.ConfigureAwaitOptions");
            ConfiguredAsyncDisposable = compilation.GetBestTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredAsyncDisposable");
            ConfiguredCancelableAsyncEnumerableOfT = compilation.GetBestTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable`1");
            IAsyncEnumerableOfT = compilation.GetBestTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
            TaskAsyncEnumerableExtensions = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskAsyncEnumerableExtensions");
            // Scopes a returned task escapes (TW502)
            ArrayPoolOfT = compilation.GetBestTypeByMetadataName("System.Buffers.ArrayPool`1");
            AsyncFlowControl = compilation.GetBestTypeByMetadataName("System.Threading.AsyncFlowControl");
            AsyncLocalOfT = compilation.GetBestTypeByMetadataName("System.Threading.AsyncLocal`1");
            Logger = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
            LoggerExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
            // Tokens in scope (TW504)
            HttpContext = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
            ComponentBase = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.ComponentBase");
            HttpResponse = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponse");
            HostedService = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService");
            HostApplicationLifetime = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostApplicationLifetime");
            ServiceProvider = compilation.GetBestTypeByMetadataName("System.IServiceProvider");
            ServiceCollection = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection");
            AkkaPipeToSupport = compilation.GetBestTypeByMetadataName("Akka.Actor.PipeToSupport");
            AkkaActorBase = compilation.GetBestTypeByMetadataName("Akka.Actor.ActorBase");
            AkkaActorSystem = compilation.GetBestTypeByMetadataName("Akka.Actor.ActorSystem");
            ArgumentException = compilation.GetBestTypeByMetadataName("System.ArgumentException");
            AkkaCoordinatedShutdown = compilation.GetBestTypeByMetadataName("Akka.Actor.CoordinatedShutdown");
            DotNettyChannelInvokers = NonNull(
                compilation.GetBestTypeByMetadataName("DotNetty.Transport.Channels.IChannel"),
                compilation.GetBestTypeByMetadataName("DotNetty.Transport.Channels.IChannelHandlerContext"),
                compilation.GetBestTypeByMetadataName("DotNetty.Transport.Channels.IChannelPipeline"),
                compilation.GetBestTypeByMetadataName("DotNetty.Transport.Channels.IChannelUnsafe"),
                compilation.GetBestTypeByMetadataName("DotNetty.Transport.Channels.IChannelHandler"));
            DotNettyExecutors = NonNull(
                compilation.GetBestTypeByMetadataName("DotNetty.Common.Concurrency.IScheduledExecutorService"),
                compilation.GetBestTypeByMetadataName("DotNetty.Common.Concurrency.IExecutorService"),
                compilation.GetBestTypeByMetadataName("DotNetty.Common.Concurrency.IEventExecutorGroup"));
            StartupBuilders = NonNull(
                ServiceCollection,
                compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Builder.IApplicationBuilder"),
                compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Routing.IEndpointRouteBuilder"),
                compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostBuilder"),
                compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Hosting.IWebHostBuilder"),
                compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostApplicationBuilder"));
            ProtoContext = compilation.GetBestTypeByMetadataName("Proto.IContext");
            AspNetApplicationLifetime = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Hosting.IApplicationLifetime");
            HttpContent = compilation.GetBestTypeByMetadataName("System.Net.Http.HttpContent");
            HttpClient = compilation.GetBestTypeByMetadataName("System.Net.Http.HttpClient");
            HttpCompletionOption = compilation.GetBestTypeByMetadataName("System.Net.Http.HttpCompletionOption");
            SystemType = compilation.GetBestTypeByMetadataName("System.Type");
            MemberInfo = compilation.GetBestTypeByMetadataName("System.Reflection.MemberInfo");
            ConnectionInfo = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.ConnectionInfo");
        }

        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? TaskFactoryOfT { get; }
        public INamedTypeSymbol? TaskStatus { get; }
        public INamedTypeSymbol? TaskCompletionSource { get; }
        public INamedTypeSymbol? TaskCompletionSourceOfT { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? CancellationTokenSource { get; }
        public INamedTypeSymbol? CancellationTokenRegistration { get; }
        public INamedTypeSymbol? ObsoleteAttribute { get; }

        /// <summary><c>[Conditional("DEBUG")]</c>: calls of the method are compiled only where the symbol is defined.</summary>
        public INamedTypeSymbol? ConditionalAttribute { get; }
        public INamedTypeSymbol? Thread { get; }

        /// <summary>The <c>IsDevelopment()</c> extensions of the generic host and of ASP.NET Core (<see cref="DevelopmentOnlyCode"/>).</summary>
        public INamedTypeSymbol? HostEnvironmentEnvExtensions { get; }
        public INamedTypeSymbol? HostingEnvironmentExtensions { get; }
        public INamedTypeSymbol? SemaphoreSlim { get; }
        public INamedTypeSymbol? TimeSpan { get; }

        /// <summary><c>System.Threading.Timeout</c>, whose <c>InfiniteTimeSpan</c> bounds no wait (<see cref="TimedWaits"/>).</summary>
        public INamedTypeSymbol? ThreadingTimeout { get; }
        public INamedTypeSymbol? AggregateException { get; }
        public INamedTypeSymbol? Console { get; }

        /// <summary>Spectre.Console's console (<c>AnsiConsole</c>, its extensions, its input, its prompts): the terminal, as <see cref="Console"/> is.</summary>
        public INamedTypeSymbol? SpectreAnsiConsole { get; }
        public INamedTypeSymbol? SpectreAnsiConsoleExtensions { get; }
        public INamedTypeSymbol? SpectreAnsiConsoleInput { get; }
        public INamedTypeSymbol? SpectrePrompt { get; }

        /// <summary>
        /// <c>System.Console</c>, or Spectre.Console's console: <c>AnsiConsole</c>, <c>AnsiConsoleExtensions</c>
        /// (<c>console.Prompt(..)</c>, <c>Ask</c>, <c>Confirm</c>), <c>IAnsiConsoleInput</c> and <c>IPrompt&lt;T&gt;</c>.
        /// A terminal program talks to its user there; its async twins (<c>PromptAsync</c>) wait for the same keys.
        /// </summary>
        public bool IsConsole(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (Is(type, Console))
            {
                return true;
            }

            return SpectreAnsiConsoleExtensions != null
                && (Is(type, SpectreAnsiConsole) || Is(type, SpectreAnsiConsoleExtensions) || Is(type, SpectreAnsiConsoleInput)
                    || Is(type.OriginalDefinition, SpectrePrompt));
        }
        public INamedTypeSymbol? Stream { get; }
        public INamedTypeSymbol? MemoryStream { get; }

        /// <summary>Structs over memory a stream class may keep its bytes in: <c>ReadOnlySequence&lt;T&gt;</c>, <c>SequencePosition</c>, <c>Memory&lt;T&gt;</c>, <c>ReadOnlyMemory&lt;T&gt;</c>, <c>ArraySegment&lt;T&gt;</c>.</summary>
        public System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> BufferTypes { get; }
        public INamedTypeSymbol? Assembly { get; }

        public INamedTypeSymbol? UnmanagedMemoryStream { get; }
        public INamedTypeSymbol? StringReader { get; }
        public INamedTypeSymbol? StringWriter { get; }
        public INamedTypeSymbol? TextReader { get; }
        public INamedTypeSymbol? TextWriter { get; }
        public INamedTypeSymbol? File { get; }
        public INamedTypeSymbol? FileInfo { get; }
        public INamedTypeSymbol? FileStream { get; }
        public INamedTypeSymbol? FileOptions { get; }
        public INamedTypeSymbol? FileStreamOptions { get; }

        /// <summary>A bindable type: views read it, and build it, on the UI thread.</summary>
        public INamedTypeSymbol? INotifyPropertyChanged { get; }
        /// <summary>System.Windows.Input.ICommand: a bindable command, executed by the UI framework like an event handler.</summary>
        public INamedTypeSymbol? ICommand { get; }
        /// <summary>System.IO.Pipelines.Pipe: an in-memory pipe whose Writer and Reader do no I/O of their own.</summary>
        public INamedTypeSymbol? Pipe { get; }

        /// <summary>System.IO.Compression.ZipArchive and its entries: over a memory stream, opening an entry reads memory.</summary>
        public INamedTypeSymbol? ZipArchive { get; }
        public INamedTypeSymbol? ZipArchiveEntry { get; }

        /// <summary>System.IO.Compression.ZipFile: opens, extracts and creates archives on local paths.</summary>
        public INamedTypeSymbol? ZipFile { get; }

        /// <summary>System.IO.Compression.ZipFileExtensions: extracts entries to, and adds entries from, local paths.</summary>
        public INamedTypeSymbol? ZipFileExtensions { get; }

        /// <summary>System.Security.Cryptography.HashAlgorithm: <c>ComputeHash(stream)</c> reads only the stream it is given.</summary>
        public INamedTypeSymbol? HashAlgorithm { get; }

        public INamedTypeSymbol? Encoding { get; }
        public INamedTypeSymbol? FileMode { get; }
        public INamedTypeSymbol? FileAccess { get; }
        public INamedTypeSymbol? StreamWriter { get; }
        public INamedTypeSymbol? DbConnection { get; }
        public INamedTypeSymbol? DbTransaction { get; }
        public INamedTypeSymbol? DbCommand { get; }
        public INamedTypeSymbol? DbDataReader { get; }
        public INamedTypeSymbol? IAsyncDisposable { get; }
        public INamedTypeSymbol? SynchronizationContext { get; }
        public INamedTypeSymbol? ISynchronizeInvoke { get; }
        public INamedTypeSymbol? ServiceProviderServiceExtensions { get; }

        // Cpu calls (TW202-TW206)
        public INamedTypeSymbol? Parallel { get; }
        public INamedTypeSymbol? ParallelOptions { get; }
        public INamedTypeSymbol? ParallelEnumerable { get; }
        public INamedTypeSymbol? ParallelQuery { get; }
        public INamedTypeSymbol? Enumerable { get; }
        // Correctness and locks (TW3xx, TW4xx)
        public INamedTypeSymbol? EventArgs { get; }
        public INamedTypeSymbol? Exception { get; }
        public INamedTypeSymbol? ListOfT { get; }
        public INamedTypeSymbol? ConcurrentDictionary { get; }
        public INamedTypeSymbol? TaskContinuationOptions { get; }
        public INamedTypeSymbol? TaskCreationOptions { get; }
        public INamedTypeSymbol? TaskScheduler { get; }
        public INamedTypeSymbol? Monitor { get; }
        public INamedTypeSymbol? Mutex { get; }
        public INamedTypeSymbol? ReaderWriterLock { get; }
        public INamedTypeSymbol? ReaderWriterLockSlim { get; }
        public INamedTypeSymbol? SpinLock { get; }
        public INamedTypeSymbol? Lock { get; }
        /// <summary>Interlocked: <c>Exchange(ref _tcs, null)</c> takes a TaskCompletionSource out of a field (TW507).</summary>
        public INamedTypeSymbol? Interlocked { get; }
        // Thread waits (TW402)
        public INamedTypeSymbol? WaitHandle { get; }

        /// <summary>System.IAsyncResult: a task's <c>AsyncWaitHandle</c> is signalled once the task completes.</summary>
        public INamedTypeSymbol? IAsyncResult { get; }

        /// <summary>System.AsyncCallback: the APM caller's callback, handed the operation's <c>IAsyncResult</c> (TW507).</summary>
        public INamedTypeSymbol? AsyncCallback { get; }
        public INamedTypeSymbol? ManualResetEventSlim { get; }
        public INamedTypeSymbol? CountdownEvent { get; }
        public INamedTypeSymbol? Barrier { get; }
        public INamedTypeSymbol? SpinWait { get; }
        public INamedTypeSymbol? Process { get; }
        // ConfigureAwait (TW501)
        public INamedTypeSymbol? ConfigureAwaitOptions { get; }
        /// <summary>What <c>ConfigureAwait</c> on an IAsyncDisposable returns (<c>await using (x.ConfigureAwait(false))</c>).</summary>
        public INamedTypeSymbol? ConfiguredAsyncDisposable { get; }
        /// <summary>What <c>ConfigureAwait</c> and <c>WithCancellation</c> on an IAsyncEnumerable&lt;T&gt; return.</summary>
        public INamedTypeSymbol? ConfiguredCancelableAsyncEnumerableOfT { get; }
        public INamedTypeSymbol? IAsyncEnumerableOfT { get; }
        /// <summary>Where the <c>ConfigureAwait</c> extensions of IAsyncDisposable and IAsyncEnumerable&lt;T&gt; live.</summary>
        public INamedTypeSymbol? TaskAsyncEnumerableExtensions { get; }
        // Scopes a returned task escapes (TW502)
        public INamedTypeSymbol? ArrayPoolOfT { get; }
        /// <summary>What <c>ExecutionContext.SuppressFlow()</c> returns: a scope over the context, captured when a task starts.</summary>
        public INamedTypeSymbol? AsyncFlowControl { get; }
        /// <summary>A value that flows with the execution context: a task keeps the value it started with.</summary>
        public INamedTypeSymbol? AsyncLocalOfT { get; }
        public INamedTypeSymbol? Logger { get; }
        public INamedTypeSymbol? LoggerExtensions { get; }
        // Tokens in scope (TW504)
        public INamedTypeSymbol? HttpContext { get; }

        /// <summary>Blazor's component base: its <c>InvokeAsync(StateHasChanged)</c> asks for a re-render.</summary>
        public INamedTypeSymbol? ComponentBase { get; }

        public INamedTypeSymbol? HttpResponse { get; }
        public INamedTypeSymbol? HostedService { get; }

        /// <summary>The generic host's lifetime, and ASP.NET Core 2's, whose ApplicationStopping/Stopped callbacks hold shutdown.</summary>
        public INamedTypeSymbol? HostApplicationLifetime { get; }

        public INamedTypeSymbol? AspNetApplicationLifetime { get; }

        /// <summary><c>System.IServiceProvider</c>, the parameter of a dependency-injection factory.</summary>
        public INamedTypeSymbol? ServiceProvider { get; }

        /// <summary>Microsoft.Extensions.DependencyInjection's <c>IServiceCollection</c>, whose registration methods take synchronous factories.</summary>
        public INamedTypeSymbol? ServiceCollection { get; }

        /// <summary>Akka.NET's <c>task.PipeTo(actor)</c>: sends the result, or the failure as <c>Status.Failure</c>, to an actor.</summary>
        public INamedTypeSymbol? AkkaPipeToSupport { get; }

        /// <summary>Akka.NET's actor base class: its async handlers run on the actor's own task scheduler.</summary>
        public INamedTypeSymbol? AkkaActorBase { get; }

        /// <summary>The base of the exceptions an argument check throws (ExceptionContainment).</summary>
        public INamedTypeSymbol? ArgumentException { get; }

        /// <summary>Akka.NET's actor system and its shutdown sequence: <c>Terminate()</c> and <c>Run(reason)</c> start the shutdown.</summary>
        public INamedTypeSymbol? AkkaActorSystem { get; }

        public INamedTypeSymbol? AkkaCoordinatedShutdown { get; }

        /// <summary>
        /// DotNetty's channel, handler context, pipeline, channel-unsafe and channel-handler interfaces, whose outbound operations
        /// (<c>CloseAsync</c>, <c>WriteAndFlushAsync</c>, a handler's own <c>CloseAsync(context)</c>, ..) return a task that handler code drops by design; empty where
        /// DotNetty is not referenced.
        /// </summary>
        public System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> DotNettyChannelInvokers { get; }

        /// <summary>
        /// DotNetty's executor interfaces (scheduled executor, executor service, event-executor group), whose
        /// <c>ScheduleAsync</c>, <c>SubmitAsync</c> and <c>ShutdownGracefullyAsync</c> start work on an event loop as Netty's
        /// <c>schedule</c>, <c>submit</c> and <c>shutdownGracefully</c> do; empty where DotNetty is not referenced.
        /// </summary>
        public System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> DotNettyExecutors { get; }

        /// <summary>
        /// What a host is configured through while it is built, before it serves anything: <c>IServiceCollection</c>,
        /// <c>IApplicationBuilder</c>, <c>IEndpointRouteBuilder</c>, <c>IHostBuilder</c>, <c>IWebHostBuilder</c>,
        /// <c>IHostApplicationBuilder</c>; those the compilation references.
        /// </summary>
        public System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> StartupBuilders { get; }

        /// <summary>Proto.Actor's actor context, whose <c>ReenterAfter(task, callback)</c> runs the callback once the task is complete.</summary>
        public INamedTypeSymbol? ProtoContext { get; }
        public INamedTypeSymbol? HttpContent { get; }
        // Buffered responses (TW102, TW104)
        public INamedTypeSymbol? HttpClient { get; }
        public INamedTypeSymbol? HttpCompletionOption { get; }
        // Type guards and caches keyed by type (TW104)
        public INamedTypeSymbol? SystemType { get; }
        public INamedTypeSymbol? MemberInfo { get; }
        public INamedTypeSymbol? ConnectionInfo { get; }

        public static KnownTypes Create(Compilation compilation) => new KnownTypes(compilation);

        private static System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> NonNull(params INamedTypeSymbol?[] types)
        {
            var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var type in types)
            {
                if (type != null)
                {
                    builder.Add(type);
                }
            }

            return builder.ToImmutable();
        }

        /// <summary><c>TaskCompletionSource</c> or <c>TaskCompletionSource&lt;T&gt;</c> (any construction).</summary>
        public bool IsTaskCompletionSource(ITypeSymbol? type) =>
            Is(type?.OriginalDefinition, TaskCompletionSourceOfT) || Is(type?.OriginalDefinition, TaskCompletionSource);

        /// <summary>A <c>Stream</c>, <c>TextReader</c> or <c>TextWriter</c>, or a type derived from one.</summary>
        public bool IsStreamReaderOrWriter(ITypeSymbol? type) =>
            InheritsFrom(type, Stream) || InheritsFrom(type, TextReader) || InheritsFrom(type, TextWriter);

        /// <summary>
        /// Proto.Actor's <c>context.ReenterAfter(target, callback)</c> (declared on <c>IContext</c>, or an implementation of
        /// it): the actor runs the callback, with the target task as its argument where it takes one, once the target is complete.
        /// </summary>
        public bool IsReenterAfter(IMethodSymbol method) =>
            ProtoContext != null && method.Name == "ReenterAfter" && method.Parameters.Length == 2 && Implements(method.ContainingType, ProtoContext);

        /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; (any construction).</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            var definition = named.OriginalDefinition;
            return Is(definition, Task) || Is(definition, TaskOfT) || Is(definition, ValueTask) || Is(definition, ValueTaskOfT);
        }

        /// <summary>The ConfiguredTaskAwaitable family: what <c>ConfigureAwait</c> returns.</summary>
        public bool IsConfiguredAwaitable(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            var definition = named.OriginalDefinition;
            return Is(definition, ConfiguredTaskAwaitable) || Is(definition, ConfiguredTaskAwaitableOfT)
                || Is(definition, ConfiguredValueTaskAwaitable) || Is(definition, ConfiguredValueTaskAwaitableOfT);
        }

        /// <summary>
        /// Whether <c>await</c> accepts a value of this type: the task family, or any type with an instance
        /// <c>GetAwaiter()</c> method or an extension <c>GetAwaiter()</c> the compilation can call (the awaitable pattern).
        /// </summary>
        public bool IsAwaitable(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            if (IsTaskLike(type) || IsConfiguredAwaitable(type))
            {
                return true;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("GetAwaiter"))
                {
                    if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, ReturnsVoid: false })
                    {
                        return true;
                    }
                }
            }

            return _awaiterExtensions.MakeAwaitable(type);
        }

        public bool IsObsolete(ISymbol symbol)
        {
            if (ObsoleteAttribute is null)
            {
                return false;
            }

            foreach (var attribute in symbol.GetAttributes())
            {
                if (Is(attribute.AttributeClass, ObsoleteAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
        public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (Is(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? @interface)
        {
            if (type is null || @interface is null)
            {
                return false;
            }

            if (Is(type.OriginalDefinition, @interface))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (Is(implemented.OriginalDefinition, @interface))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool Is(ISymbol? symbol, ISymbol? other) =>
            symbol is not null && other is not null && SymbolEqualityComparer.Default.Equals(symbol, other);
    }
}
