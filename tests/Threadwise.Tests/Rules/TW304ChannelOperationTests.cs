using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer, Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// DotNetty's outbound channel operations started as statements in a handler's synchronous callbacks: Netty's
/// programming model (DotNetty's codecs, Akka.NET's transport). Other task-returning calls, and look-alikes on types that
/// are not DotNetty's, stay reported.
/// </summary>
public class TW304ChannelOperationTests
{
    private const string DotNetty = """
        using System;
        using System.Threading.Tasks;

        namespace DotNetty.Transport.Channels
        {
            public interface IChannel
            {
                Task CloseAsync();
                Task WriteAndFlushAsync(object message);
                Task ConnectAsync(string address);
                IChannelPipeline Pipeline { get; }
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
                public void Start(IChannel channel, Connection connection)
                {
                    [|channel.ConnectAsync("localhost:5672")|];
                    [|connection.WriteAndFlushAsync("hello")|];
                    [|connection.CloseAsync()|];
                }
            }
        }
        """);
}
