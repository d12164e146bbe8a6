using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Options;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Synchronous calls whose asynchronous counterpart users are told not to use, or that do no I/O worth awaiting:
    /// a built-in list plus the <c>threadwise.excluded_async_counterparts</c> entries of the call's file. TW102 does not
    /// suggest their counterparts and TW104 does not take them as blocking leaves (both ask through
    /// <see cref="AsyncCounterpart.Find"/>). Matched by documentation-comment ID (<see cref="MethodList"/>), so stand-in
    /// types with the same namespace and name behave like the packages' types.
    /// </summary>
    internal sealed class ExcludedCounterparts
    {
        public const string OptionName = Threadwise.Options.ThreadwiseOptions.ExcludedAsyncCounterparts;

        /// <summary>The built-in entries, as documented on the TW102 page.</summary>
        internal static readonly string[] BuiltIn =
        {
            // EF Core: AddAsync/AddRangeAsync exist only for value generators that hit the database (HiLo); the docs say
            // to use Add otherwise. Peers were told the same: vs-threading#1480, #1343; roslyn-analyzers#6684;
            // Meziantou.Analyzer#376; sonar-dotnet#9269.
            "M:Microsoft.EntityFrameworkCore.DbSet`1.Add",
            "M:Microsoft.EntityFrameworkCore.DbSet`1.AddRange",
            "M:Microsoft.EntityFrameworkCore.DbContext.Add",
            "M:Microsoft.EntityFrameworkCore.DbContext.AddRange",
            // Creating a context does no I/O: vs-threading#1679, roslyn-analyzers#7036, Meziantou.Analyzer#1115.
            "M:Microsoft.EntityFrameworkCore.IDbContextFactory`1.CreateDbContext",
            "M:Microsoft.EntityFrameworkCore.DbContextFactory`1.CreateDbContext",
            "M:Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory`1.CreateDbContext",
            // SQLite has no asynchronous I/O: the async methods of both ADO.NET providers run synchronously
            // (efcore#28279; DotNetWorkQueue#298 for System.Data.SQLite, which does not even override them).
            "T:Microsoft.Data.Sqlite.SqliteConnection",
            "T:Microsoft.Data.Sqlite.SqliteCommand",
            "T:Microsoft.Data.Sqlite.SqliteDataReader",
            "T:Microsoft.Data.Sqlite.SqliteTransaction",
            "T:System.Data.SQLite.SQLiteConnection",
            "T:System.Data.SQLite.SQLiteCommand",
            "T:System.Data.SQLite.SQLiteDataReader",
            "T:System.Data.SQLite.SQLiteTransaction",
            // A synchronous hop onto the UI thread does no I/O: on the UI thread it runs the delegate inline, elsewhere it
            // waits for the UI thread to run it, the marshal the code chose (a scheduler hop, as TW103 treats StartNew on a
            // scheduler of the code's choosing). SourceGit's log helpers: 'if (!CheckAccess()) { Invoke(..); return; }'.
            "M:Avalonia.Threading.Dispatcher.Invoke",
            "M:System.Windows.Threading.Dispatcher.Invoke",
            "M:System.Windows.Forms.Control.Invoke",
            // Proto.Actor: Stop and Poison only send the actor a stop message (a tell) and return; StopAsync and
            // PoisonAsync "tell and wait" for the actor to stop, another operation (IStopperContext's documentation).
            "M:Proto.IStopperContext.Stop",
            "M:Proto.IStopperContext.Poison",
            "M:Proto.ActorContext.Stop",
            "M:Proto.ActorContext.Poison",
            "M:Proto.RootContext.Stop",
            "M:Proto.RootContext.Poison",
        };

        private static readonly MethodList BuiltInList = MethodList.Create(BuiltIn);

        private readonly AnalyzerOptions? _options;
        private readonly ConcurrentDictionary<SyntaxTree, MethodList> _lists = new ConcurrentDictionary<SyntaxTree, MethodList>();

        public ExcludedCounterparts(AnalyzerOptions? options)
        {
            _options = options;
        }

        /// <summary>
        /// The call (<paramref name="method"/> on <paramref name="receiverType"/>) or its counterpart is listed for the file
        /// <paramref name="tree"/>. A <c>T:</c> entry covers every call on an object of that type or a type derived from it,
        /// including members it inherits (<c>sqliteConnection.Close()</c> is <c>DbConnection.Close</c>), and every static method
        /// the type declares (<c>T:System.IO.File</c> covers <c>File.ReadAllText</c>).
        /// </summary>
        public bool IsExcluded(IMethodSymbol method, ITypeSymbol? receiverType, IMethodSymbol? counterpart, SyntaxTree tree)
        {
            var list = ListFor(tree);
            return list.Contains(method)
                || list.ContainsTypeOrBase(receiverType)
                || method.IsStatic && list.ContainsTypeOrBase(method.ContainingType)
                || counterpart != null && list.Contains(counterpart);
        }

        /// <summary>The type or a base type is a built-in <c>T:</c> entry (SQLite readers: their async close is synchronous too).</summary>
        public static bool IsBuiltInType(ITypeSymbol? type) => BuiltInList.ContainsTypeOrBase(type);

        private MethodList ListFor(SyntaxTree tree)
        {
            if (_options is null)
            {
                return BuiltInList;
            }

            if (!_lists.TryGetValue(tree, out var list))
            {
                list = _lists.GetOrAdd(tree, BuiltInList.Union(MethodList.Create(ThreadwiseOptions.GetList(_options, tree, OptionName))));
            }

            return list;
        }
    }
}
