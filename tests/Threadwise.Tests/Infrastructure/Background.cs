namespace Threadwise.Tests.Infrastructure;

/// <summary>
/// Starts a chain of child processes (a build, a pack) on a thread of its own, not the thread pool's: the chain blocks
/// on its processes for a minute or more, and the tests that read its result may start long after it did.
/// </summary>
internal static class Background
{
    public static Task<T> Start<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
