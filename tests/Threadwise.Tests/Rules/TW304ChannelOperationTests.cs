using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer, Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// DotNetty's outbound channel operations started as statements in a handler's synchronous callbacks, and its event
/// loops' executor operations (ScheduleAsync, SubmitAsync, ShutdownGracefullyAsync): Netty's programming model
/// (DotNetty's codecs, its server bootstrap and event-loop group, Akka.NET's transport). Other task-returning calls, and
/// look-alikes on types that are not DotNetty's, stay reported.
/// </summary>
public class TW304ChannelOperationTests
{
    private const string DotNetty = """
        using System;
        using System.Threading.Tasks;

        namespace DotNetty.Common.Concurrency
        {
            public interface IEventExecutorGroup
            {
                Task ShutdownGracefullyAsync(TimeSpan quietPeriod, TimeSpan timeout);
                Task TerminationCompletion { get; }
            }

            public interface IExecutorService
            {
                Task<T> SubmitAsync<T>(Func<object, T> func, object state);
            }

            public interface IScheduledExecutorService : IExecutorService
            {
                Task ScheduleAsync(Action<object> action, object state, TimeSpan delay);
            }

            public interface IEventExecutor : IEventExecutorGroup, IScheduledExecutorService
            {
                Task RegisterAsync(object channel);
            }
        }

        namespace DotNetty.Transport.Channels
        {
            public interface IEventLoop : DotNetty.Common.Concurrency.IEventExecutor
            {
            }

            public sealed class EventLoopGroup : DotNetty.Common.Concurrency.IEventExecutorGroup
            {
                private readonly IEventLoop[] _loops = new IEventLoop[0];

                public Task TerminationCompletion => Task.CompletedTask;

                public Task ShutdownGracefullyAsync(TimeSpan quietPeriod, TimeSpan timeout)
                {
                    foreach (var loop in _loops)
                    {
                        loop.ShutdownGracefullyAsync(quietPeriod, timeout);
                    }

                    return TerminationCompletion;
                }
            }

            public interface IChannel
            {
                Task CloseAsync();
                Task WriteAndFlushAsync(object message);
                Task ConnectAsync(string address);
                IChannelPipeline Pipeline { get; }
                IEventLoop EventLoop { get; }
                bool AutoRead { get; set; }
            }

            public interface IChannelPipeline
            {
                Task WriteAsync(object message);
            }

            public interface IChannelHandlerContext
            {
                IChannel Channel { get; }
                Task CloseAsync();
                Task WriteAndFlushAsync(object message);
                IChannelHandlerContext FireExceptionCaught(Exception cause);
            }

            public sealed class LocalChannel : IChannel
            {
                public IChannelPipeline Pipeline => null!;
                public IEventLoop EventLoop => null!;
                public bool AutoRead { get; set; }
                public Task CloseAsync() => Task.Delay(1);
                public Task WriteAndFlushAsync(object message) => Task.Delay(1);
                public Task ConnectAsync(string address) => Task.Delay(1);
            }
        }

        """;

    [Fact]
    public Task Ignores_outbound_channel_operations_started_in_handler_callbacks() => Verify.VerifyAnalyzerAsync(DotNetty + """
        namespace Codecs
        {
            using DotNetty.Transport.Channels;

            public sealed class WebSocketProtocolHandler
            {
                public void ChannelRead(IChannelHandlerContext ctx, object frame)
                {
                    if (frame is string ping)
                    {
                        ctx.Channel.WriteAndFlushAsync("pong:" + ping);
                        return;
                    }

                    ctx.Channel.Pipeline.WriteAsync(frame);
                }

                public void ExceptionCaught(IChannelHandlerContext ctx, Exception cause)
                {
                    ctx.FireExceptionCaught(cause);
                    ctx.CloseAsync();
                }

                public void Shutdown(LocalChannel channel) => channel.CloseAsync();
            }

            public sealed class AcceptorHandler
            {
                public void ExceptionCaught(IChannelHandlerContext ctx, Exception cause)
                {
                    // Stop accepting for a second so the channel can recover, as Netty's ServerBootstrap does.
                    ctx.Channel.AutoRead = false;
                    ctx.Channel.EventLoop.ScheduleAsync(c => ((IChannel)c).AutoRead = true, ctx.Channel, TimeSpan.FromSeconds(1));
                    ctx.FireExceptionCaught(cause);
                }

                public void ScheduleFlush(IChannelHandlerContext ctx) => ctx.Channel.EventLoop.SubmitAsync(state => 0, this);
            }
        }
        """);

    // DotNetty's TlsHandler: after a failed handshake the handler closes its channel through its own outbound CloseAsync.
    [Fact]
    public Task Ignores_a_handlers_own_outbound_operations() => Verify.VerifyAnalyzerAsync(DotNetty + """

        namespace DotNetty.Transport.Channels
        {
            public interface IChannelHandler
            {
                Task WriteAsync(IChannelHandlerContext context, object message);
                Task CloseAsync(IChannelHandlerContext context);
            }
        }

        namespace DotNetty.Handlers.Tls
        {
            using DotNetty.Transport.Channels;

            public sealed class TlsHandler : IChannelHandler
            {
                private IChannelHandlerContext _capturedContext;

                public Task WriteAsync(IChannelHandlerContext context, object message) => Task.Delay(1);

                public Task CloseAsync(IChannelHandlerContext context) => Task.Delay(2);

                private void HandleFailure(Exception cause)
                {
                    this.CloseAsync(_capturedContext);
                    WriteAsync(_capturedContext, cause);
                }
            }
        }
        """);

    // DotNetty's WebSocket handshakers: a source method that builds a frame or response and returns the outbound
    // operation's task (or a continuation on it) starts the same operation through a name.
    [Fact]
    public Task Ignores_source_methods_that_return_an_outbound_operation() => Verify.VerifyAnalyzerAsync(DotNetty + """
        namespace DotNetty.Codecs.Http.WebSockets
        {
            using DotNetty.Transport.Channels;

            public static class WebSocketServerHandshakerFactory
            {
                public static Task SendUnsupportedVersionResponse(IChannel channel)
                {
                    var response = "HTTP/1.1 426 Upgrade Required";
                    return channel.WriteAndFlushAsync(response);
                }
            }

            public class WebSocketServerHandshaker
            {
                public virtual Task CloseAsync(IChannel channel, object frame) =>
                    channel.WriteAndFlushAsync(frame).ContinueWith((t, s) => ((IChannel)s).CloseAsync(), channel, TaskContinuationOptions.ExecuteSynchronously);
            }

            public sealed class WebSocketServerProtocolHandler
            {
                private readonly WebSocketServerHandshaker _handshaker = new WebSocketServerHandshaker();

                public void ChannelRead(IChannelHandlerContext ctx, object frame)
                {
                    if (frame is string)
                    {
                        WebSocketServerHandshakerFactory.SendUnsupportedVersionResponse(ctx.Channel);
                        return;
                    }

                    _handshaker.CloseAsync(ctx.Channel, frame);
                }
            }
        }
        """);

    // A method that also returns another task on some path, does more than forward (an async method), or forwards a call
    // that is no outbound operation is reported.
    [Fact]
    public Task Flags_source_methods_that_return_other_tasks_too() => Verify.VerifyAnalyzerAsync(DotNetty + """
        namespace Codecs
        {
            using DotNetty.Transport.Channels;

            public static class Responses
            {
                public static Task SendOrConnect(IChannel channel, bool connected) =>
                    connected ? channel.WriteAndFlushAsync("ok") : channel.ConnectAsync("localhost:80");

                public static async Task SendAndLogAsync(IChannel channel)
                {
                    await channel.WriteAndFlushAsync("ok");
                    Console.WriteLine("sent");
                }

                public static Task ConnectThenWrite(IChannel channel) =>
                    channel.ConnectAsync("localhost:80").ContinueWith(t => channel.WriteAndFlushAsync("hello"));
            }

            public sealed class Handler
            {
                public void ChannelActive(IChannelHandlerContext ctx)
                {
                    [|Responses.SendOrConnect(ctx.Channel, true)|];
                    [|Responses.SendAndLogAsync(ctx.Channel)|];
                    [|Responses.ConnectThenWrite(ctx.Channel)|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_other_channel_calls_and_look_alikes_outside_DotNetty() => Verify.VerifyAnalyzerAsync(DotNetty + """
        namespace Codecs
        {
            using DotNetty.Transport.Channels;

            public sealed class Connection
            {
                public Task CloseAsync() => Task.Delay(1);
                public Task WriteAndFlushAsync(object message) => Task.Delay(1);
            }

            public sealed class Client
            {
                public Task ScheduleAsync(Action<object> action, object state, TimeSpan delay) => Task.Delay(delay);
                public Task ShutdownGracefullyAsync(TimeSpan quietPeriod, TimeSpan timeout) => Task.Delay(quietPeriod);

                public void Start(IChannel channel, Connection connection)
                {
                    [|channel.EventLoop.RegisterAsync(channel)|];
                    [|ScheduleAsync(_ => { }, null!, TimeSpan.Zero)|];
                    [|ShutdownGracefullyAsync(TimeSpan.Zero, TimeSpan.Zero)|];
                    [|channel.ConnectAsync("localhost:5672")|];
                    [|connection.WriteAndFlushAsync("hello")|];
                    [|connection.CloseAsync()|];
                }
            }
        }
        """);
}
