using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A call whose constant arguments skip every await of its async callee gets back a completed task (SharpZipLib's
/// <c>Deflate() => DeflateSyncOrAsync(false, null).GetAwaiter().GetResult()</c>: every await sits under
/// <c>if (ct.HasValue)</c>). A token passed in, an await outside the guard, or a body that may be overridden still wait.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string Deflaters = """
        class DeflaterOutputStream
        {
            private readonly Stream _baseOutputStream;
            private readonly byte[] _buffer = new byte[512];
            private int _pending;

            public DeflaterOutputStream(Stream baseOutputStream) => _baseOutputStream = baseOutputStream;

            private async Task DeflateSyncOrAsync(bool flushing, CancellationToken? ct)
            {
                while (flushing || _pending > 0)
                {
                    var count = Math.Min(_pending, _buffer.Length);
                    if (count <= 0)
                    {
                        break;
                    }

                    if (ct.HasValue)
                    {
                        await _baseOutputStream.WriteAsync(_buffer, 0, count, ct.Value).ConfigureAwait(false);
                    }
                    else
                    {
                        _baseOutputStream.Write(_buffer, 0, count);
                    }

                    _pending -= count;
                }
            }

            private async Task FinishSyncOrAsync(bool isAsync, CancellationToken token = default)
            {
                if (!isAsync)
                {
                    _baseOutputStream.Flush();
                }
                else
                {
                    await _baseOutputStream.FlushAsync(token).ConfigureAwait(false);
                }
            }

            private async Task WriteHeaderAsync(Stream? target)
            {
                await Task.Yield();
                if (target != null)
                {
                    await target.WriteAsync(_buffer, 0, 4).ConfigureAwait(false);
                }
            }

            protected virtual async Task FlushSyncOrAsync(CancellationToken? ct)
            {
                if (ct is not null)
                {
                    await _baseOutputStream.FlushAsync(ct.Value).ConfigureAwait(false);
                }
            }

            // ---- the constants skip every await: must not flag
            protected void Deflate() => DeflateSyncOrAsync(false, null).GetAwaiter().GetResult();

            public void Finish() => FinishSyncOrAsync(false).GetAwaiter().GetResult();

            // ---- a token, an unguarded await, an overridable body: must flag
            public void DeflateNow() => {|#0:DeflateSyncOrAsync(false, CancellationToken.None).GetAwaiter().GetResult()|};

            public void WriteHeader() => {|#1:WriteHeaderAsync(null).GetAwaiter().GetResult()|};

            public void FlushNow() => {|#2:FlushSyncOrAsync(null).Wait()|};
        }

        """;

    [Fact]
    public Task Ignores_waits_on_calls_whose_constants_skip_every_await_and_flags_the_others()
    {
        var test = new Verify.Test { TestCode = "using System.IO;\n" + Usings + Deflaters };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(2));
        return test.RunAsync();
    }
}
