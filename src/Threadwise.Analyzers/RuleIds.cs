namespace Threadwise
{
    /// <summary>Every diagnostic ID Threadwise reports, in one place.</summary>
    internal static class RuleIds
    {
        public const string InvalidOption = "TW001";
        public const string BlockingWaitInAsync = "TW101";
        public const string SyncApiInAsync = "TW102";
        public const string BlockingWaitInSync = "TW103";
        public const string BlockingHelperInAsync = "TW104";
        public const string CpuHeavyLoopInAsync = "TW201";
        public const string ParallelOnAsyncPath = "TW202";
        public const string AsyncLambdaToParallel = "TW203";
        public const string NeedlessTaskRun = "TW204";
        public const string ParallelizableLoop = "TW205";
        public const string CpuBoundCallOnAsyncPath = "TW206";
        public const string AsyncVoidMethod = "TW301";
        public const string AsyncVoidDelegate = "TW302";
        public const string StartNewWithAsyncDelegate = "TW303";
        public const string DroppedTask = "TW304";
        public const string ConfigureAwaitInLibrary = "TW501";
        public const string TaskEscapesScope = "TW502";
        public const string NullTaskReturn = "TW503";
        public const string TokenNotForwarded = "TW504";
        public const string TaskInUsing = "TW505";
        public const string ValueTaskMisuse = "TW506";
        public const string SynchronousCompletionSource = "TW507";
        public const string LockHeldAcrossAwait = "TW401";
        public const string BlockingInLock = "TW402";
    }

    /// <summary>Diagnostic categories, one per rule family.</summary>
    internal static class RuleCategories
    {
        public const string Configuration = "Threadwise.Configuration";
        public const string Blocking = "Threadwise.Blocking";
        public const string Cpu = "Threadwise.Cpu";
        public const string Correctness = "Threadwise.Correctness";
        public const string Locks = "Threadwise.Locks";
    }
}
