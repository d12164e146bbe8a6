using System.Collections.Concurrent;
using System.Diagnostics;

namespace Course;

/// <summary>
/// One thread that runs posted work items one at a time, with a <see cref="SynchronizationContext"/> that sends every
/// continuation back to it — the way a UI thread (Windows Forms, WPF) or Python's asyncio event loop works. An
/// <c>await</c> that starts on this thread resumes on this thread, which is what makes blocking on it dangerous.
/// </summary>
public sealed class EventLoop : IDisposable
{
    private readonly BlockingCollection<Message> _queue = new();
    private readonly Thread _thread;

    public EventLoop(string name)
    {
        // A background thread: if the loop is stuck (lesson 3 deadlocks it on purpose) the process can still exit.
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The managed ID of the loop's thread.</summary>
    public int ThreadId => _thread.ManagedThreadId;

    /// <summary>Exceptions thrown by work items (an <c>async void</c> method's exception ends up here).</summary>
    public ConcurrentQueue<Exception> Errors { get; } = new();

    /// <summary>
    /// Queues an action to run on the loop's thread. With a <paramref name="label"/> it is a row of the timeline being
    /// recorded (queued, then running); without one it is not drawn (the heartbeat's ticks are the measuring tape).
    /// </summary>
    public void Post(Action action, string? label = null) => Enqueue(static state => ((Action)state!)(), action, label);

    /// <summary>
    /// Starts <paramref name="work"/> on the loop's thread (so its awaits come back to the loop) and returns a task for
    /// its result that can be awaited from any other thread. <paramref name="label"/> names its row in the timeline.
    /// </summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work, string label)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(
            () =>
            {
                Task<T> task;
                try
                {
                    task = work();
                }
                catch (Exception e)
                {
                    result.TrySetException(e);
                    return;
                }

                task.ContinueWith(
                    t =>
                    {
                        if (t.IsFaulted)
                        {
                            result.TrySetException(t.Exception!.InnerExceptions);
                        }
                        else if (t.IsCanceled)
                        {
                            result.TrySetCanceled();
                        }
                        else
                        {
                            result.TrySetResult(t.Result);
                        }
                    },
                    TaskScheduler.Default);
            },
            label);
        return result.Task;
    }

    /// <summary>Starts measuring how long the loop goes without handling a message (see <see cref="Heartbeat"/>).</summary>
    public Heartbeat StartHeartbeat(TimeSpan interval) => new(this, interval);

    /// <summary>Stops the loop once the queued work items have run.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private void Enqueue(SendOrPostCallback callback, object? state, string? label)
    {
        Recording? recording = label is null ? null : Timeline.Active;
        try
        {
            _queue.Add(new Message(callback, state, recording, recording?.Item(label!, Activity.Queued) ?? 0, label));
        }
        catch (InvalidOperationException)
        {
            // The loop was disposed; late continuations are dropped, as a closed window drops them.
        }
    }

    private void Run()
    {
        SynchronizationContext.SetSynchronizationContext(new LoopContext(this));
        foreach (Message message in _queue.GetConsumingEnumerable())
        {
            message.Recording?.ItemState(message.Item, Activity.Running);
            using Recording.Scope running = message.Recording?.Run(message.Label!) ?? default;
            try
            {
                message.Callback(message.State);
            }
            catch (Exception e)
            {
                Errors.Enqueue(e);
            }
            finally
            {
                message.Recording?.EndItem(message.Item);
            }
        }
    }

    /// <summary>A queued work item, with the timeline row it is drawn on (if it is drawn).</summary>
    private sealed record Message(SendOrPostCallback Callback, object? State, Recording? Recording, int Item, string? Label);

    private sealed class LoopContext(EventLoop loop) : SynchronizationContext
    {
        // An await that resumes on the loop posts its continuation here: a row of the timeline, queued until the loop runs it.
        public override void Post(SendOrPostCallback d, object? state) => loop.Enqueue(d, state, "await continuation");

        public override void Send(SendOrPostCallback d, object? state)
        {
            if (Environment.CurrentManagedThreadId == loop.ThreadId)
            {
                d(state);
                return;
            }

            using var done = new ManualResetEventSlim();
            loop.Enqueue(
                _ =>
                {
                    try
                    {
                        d(state);
                    }
                    finally
                    {
                        done.Set();
                    }
                },
                null,
                label: null);
            done.Wait();
        }

        public override SynchronizationContext CreateCopy() => this;
    }

    /// <summary>
    /// Posts a tiny message to the loop at a fixed interval — think of mouse moves or timer ticks in a UI — and measures
    /// how many the loop handled and the longest time a message waited before the loop handled it (how long the "UI"
    /// was frozen). The messages are posted from a dedicated thread, so a busy thread pool does not skew the numbers.
    /// </summary>
    public sealed class Heartbeat : IDisposable
    {
        private readonly object _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Queue<TimeSpan> _waiting = new();
        private readonly EventLoop _loop;
        private readonly TimeSpan _interval;
        private readonly Thread _poster;
        private readonly ManualResetEventSlim _stop = new();
        private TimeSpan _longestWait;
        private int _handled;
        private bool _stopped;

        internal Heartbeat(EventLoop loop, TimeSpan interval)
        {
            _loop = loop;
            _interval = interval;
            _poster = new Thread(PostBeats) { IsBackground = true, Name = "heartbeat" };
            _poster.Start();
        }

        /// <summary>Messages the loop handled so far.</summary>
        public int Handled
        {
            get
            {
                lock (_gate)
                {
                    return _handled;
                }
            }
        }

        /// <summary>The longest time a message waited for the loop, counting messages still waiting at <see cref="Dispose"/>.</summary>
        public TimeSpan LongestFreeze
        {
            get
            {
                lock (_gate)
                {
                    return _longestWait;
                }
            }
        }

        /// <summary>Stops posting and takes the final measurement.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                _stopped = true;
                if (_waiting.Count > 0)
                {
                    // The oldest message still waiting (a deadlocked loop never handles it) counts up to now.
                    TimeSpan waited = _clock.Elapsed - _waiting.Peek();
                    _longestWait = waited > _longestWait ? waited : _longestWait;
                }

            }

            _stop.Set();
        }

        private void PostBeats()
        {
            do
            {
                lock (_gate)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    _waiting.Enqueue(_clock.Elapsed);
                }

                _loop.Post(Beat);
            }
            while (!_stop.Wait(_interval)); // sleeps until the next beat, or until Dispose
        }

        private void Beat()
        {
            lock (_gate)
            {
                if (_stopped || _waiting.Count == 0)
                {
                    return;
                }

                TimeSpan waited = _clock.Elapsed - _waiting.Dequeue();
                _longestWait = waited > _longestWait ? waited : _longestWait;
                _handled++;
            }
        }
    }
}
