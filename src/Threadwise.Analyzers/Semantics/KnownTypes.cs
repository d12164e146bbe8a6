using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The framework types the rules ask about, resolved once per compilation so that every check is a symbol comparison.
    /// A type the compilation does not reference is null, and every question about it answers "no".
    /// </summary>
    internal sealed class KnownTypes
    {
        private KnownTypes(Compilation compilation)
        {
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
            TaskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
            TaskStatus = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskStatus");
            ConfiguredTaskAwaitable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            ConfiguredValueTaskAwaitable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
            ConfiguredValueTaskAwaitableOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            CancellationTokenSource = compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource");
            CancellationTokenRegistration = compilation.GetTypeByMetadataName("System.Threading.CancellationTokenRegistration");
            ObsoleteAttribute = compilation.GetTypeByMetadataName("System.ObsoleteAttribute");
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            SemaphoreSlim = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
            TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
            Console = compilation.GetTypeByMetadataName("System.Console");
            Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
            MemoryStream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
            UnmanagedMemoryStream = compilation.GetTypeByMetadataName("System.IO.UnmanagedMemoryStream");
            StringReader = compilation.GetTypeByMetadataName("System.IO.StringReader");
            StringWriter = compilation.GetTypeByMetadataName("System.IO.StringWriter");
            TextReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
            TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
            File = compilation.GetTypeByMetadataName("System.IO.File");
            FileInfo = compilation.GetTypeByMetadataName("System.IO.FileInfo");
            FileStream = compilation.GetTypeByMetadataName("System.IO.FileStream");
            Pipe = compilation.GetTypeByMetadataName("System.IO.Pipelines.Pipe");
            FileMode = compilation.GetTypeByMetadataName("System.IO.FileMode");
            FileAccess = compilation.GetTypeByMetadataName("System.IO.FileAccess");
            StreamWriter = compilation.GetTypeByMetadataName("System.IO.StreamWriter");
            DbConnection = compilation.GetTypeByMetadataName("System.Data.Common.DbConnection");
            DbTransaction = compilation.GetTypeByMetadataName("System.Data.Common.DbTransaction");
            DbDataReader = compilation.GetTypeByMetadataName("System.Data.Common.DbDataReader");
            IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            ServiceProviderServiceExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions");

            // Cpu calls (TW202-TW206)
            Parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
            ParallelOptions = compilation.GetTypeByMetadataName("System.Threading.Tasks.ParallelOptions");
            ParallelEnumerable = compilation.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
            ParallelQuery = compilation.GetTypeByMetadataName("System.Linq.ParallelQuery");
            Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
            // Correctness and locks (TW3xx, TW4xx)
            EventArgs = compilation.GetTypeByMetadataName("System.EventArgs");
            Exception = compilation.GetTypeByMetadataName("System.Exception");
            ListOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
            TaskCreationOptions = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskCreationOptions");
            TaskScheduler = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskScheduler");
            NotifyCompletion = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.INotifyCompletion");
            Monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
            Mutex = compilation.GetTypeByMetadataName("System.Threading.Mutex");
            ReaderWriterLock = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLock");
            ReaderWriterLockSlim = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
            SpinLock = compilation.GetTypeByMetadataName("System.Threading.SpinLock");
            Lock = compilation.GetTypeByMetadataName("System.Threading.Lock");
            // Thread waits (TW402)
            WaitHandle = compilation.GetTypeByMetadataName("System.Threading.WaitHandle");
            ManualResetEventSlim = compilation.GetTypeByMetadataName("System.Threading.ManualResetEventSlim");
            CountdownEvent = compilation.GetTypeByMetadataName("System.Threading.CountdownEvent");
            Barrier = compilation.GetTypeByMetadataName("System.Threading.Barrier");
            SpinWait = compilation.GetTypeByMetadataName("System.Threading.SpinWait");
            Process = compilation.GetTypeByMetadataName("System.Diagnostics.Process");
        }

        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? TaskFactoryOfT { get; }
        public INamedTypeSymbol? TaskStatus { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? CancellationTokenSource { get; }
        public INamedTypeSymbol? CancellationTokenRegistration { get; }
        public INamedTypeSymbol? ObsoleteAttribute { get; }
        public INamedTypeSymbol? Thread { get; }
        public INamedTypeSymbol? SemaphoreSlim { get; }
        public INamedTypeSymbol? TimeSpan { get; }
        public INamedTypeSymbol? Console { get; }
        public INamedTypeSymbol? Stream { get; }
        public INamedTypeSymbol? MemoryStream { get; }
        public INamedTypeSymbol? UnmanagedMemoryStream { get; }
        public INamedTypeSymbol? StringReader { get; }
        public INamedTypeSymbol? StringWriter { get; }
        public INamedTypeSymbol? TextReader { get; }
        public INamedTypeSymbol? TextWriter { get; }
        public INamedTypeSymbol? File { get; }
        public INamedTypeSymbol? FileInfo { get; }
        public INamedTypeSymbol? FileStream { get; }
        /// <summary>System.IO.Pipelines.Pipe: an in-memory pipe whose Writer and Reader do no I/O of their own.</summary>
        public INamedTypeSymbol? Pipe { get; }
        public INamedTypeSymbol? FileMode { get; }
        public INamedTypeSymbol? FileAccess { get; }
        public INamedTypeSymbol? StreamWriter { get; }
        public INamedTypeSymbol? DbConnection { get; }
        public INamedTypeSymbol? DbTransaction { get; }
        public INamedTypeSymbol? DbDataReader { get; }
        public INamedTypeSymbol? IAsyncDisposable { get; }
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
        public INamedTypeSymbol? TaskCreationOptions { get; }
        public INamedTypeSymbol? TaskScheduler { get; }
        /// <summary>INotifyCompletion (ICriticalNotifyCompletion derives from it): what an awaiter implements.</summary>
        public INamedTypeSymbol? NotifyCompletion { get; }
        public INamedTypeSymbol? Monitor { get; }
        public INamedTypeSymbol? Mutex { get; }
        public INamedTypeSymbol? ReaderWriterLock { get; }
        public INamedTypeSymbol? ReaderWriterLockSlim { get; }
        public INamedTypeSymbol? SpinLock { get; }
        public INamedTypeSymbol? Lock { get; }
        // Thread waits (TW402)
        public INamedTypeSymbol? WaitHandle { get; }
        public INamedTypeSymbol? ManualResetEventSlim { get; }
        public INamedTypeSymbol? CountdownEvent { get; }
        public INamedTypeSymbol? Barrier { get; }
        public INamedTypeSymbol? SpinWait { get; }
        public INamedTypeSymbol? Process { get; }

        public static KnownTypes Create(Compilation compilation) => new KnownTypes(compilation);

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
        /// <c>GetAwaiter()</c> method (the awaitable pattern).
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

            return false;
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
