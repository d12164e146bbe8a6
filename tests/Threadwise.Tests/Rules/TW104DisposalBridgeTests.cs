using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A chain does not go into <c>Dispose()</c> of a type that offers no <c>DisposeAsync</c>: the caller has no disposal to
/// await instead, and the wait inside is the disposal bridge TW103 leaves alone (Discord.Net's audio client, disposed
/// after its <c>StopAsync</c> was awaited). A type that offers <c>DisposeAsync</c> is followed, and so is any other helper.
/// </summary>
public class TW104DisposalBridgeTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_Dispose_of_a_type_without_DisposeAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class AudioClient : IDisposable
        {
            public Task StopAsync() => Task.Delay(10);

            public void Dispose() => StopAsync().GetAwaiter().GetResult();
        }

        sealed class Guild
        {
            private AudioClient? _audio = new AudioClient();

            public async Task DisconnectAudioAsync()
            {
                var audio = _audio;
                _audio = null;
                if (audio != null)
                {
                    await audio.StopAsync();
                    audio.Dispose();
                }
            }

            public async Task PlayOnceAsync()
            {
                using (var audio = new AudioClient())
                {
                    await Task.Delay(1);
                }

                ReleaseAll(new AudioClient());
            }

            private static void ReleaseAll(AudioClient audio) => audio.Dispose();
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Dispose_of_a_type_with_DisposeAsync_and_other_helpers() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session : IDisposable, IAsyncDisposable
        {
            public ValueTask DisposeAsync() => new ValueTask(Task.Delay(10));

            public void Dispose() => Task.Run(() => DisposeAsync().AsTask()).Wait();
        }

        sealed class AudioClient : IDisposable
        {
            public Task StopAsync() => Task.Delay(10);

            public void Halt() => StopAsync().GetAwaiter().GetResult();

            public void Dispose() => Halt();
        }

        sealed class Transfers
        {
            public async Task CopyAsync(AudioClient audio)
            {
                await Task.Delay(1);
                [|Release(new Session())|];
                [|audio.Halt()|];
            }

            private static void Release(Session session) => session.Dispose();
        }
        """);
}
