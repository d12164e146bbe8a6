using Threadwise.Semantics;

namespace Threadwise.Rules.Blocking
{
    /// <summary>
    /// How TW101 and TW103 messages speak of what a wait waits for: <c>Task.WaitAll</c> and <c>Task.WaitAny</c> wait on
    /// several tasks, so "until the task finishes" would misdescribe them.
    /// </summary>
    internal static class WaitWording
    {
        /// <summary>What the wait lasts until: "the task finishes", "the tasks finish", "one of the tasks finishes".</summary>
        public static string Until(BlockingWaitKind kind) => kind switch
        {
            BlockingWaitKind.WaitAll => "the tasks finish",
            BlockingWaitKind.WaitAny => "one of the tasks finishes",
            _ => "the task finishes",
        };

        /// <summary>What to await instead: "it" for one task, "them" for several.</summary>
        public static string Awaited(BlockingWaitKind kind) =>
            kind is BlockingWaitKind.WaitAll or BlockingWaitKind.WaitAny ? "them" : "it";
    }
}
