using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The content stream of an HTTP response that <c>HttpClient</c> has already read into memory. <c>SendAsync(request)</c>,
    /// <c>GetAsync</c>, <c>PostAsync</c>, <c>PutAsync</c>, <c>PatchAsync</c> and <c>DeleteAsync</c> complete only once the whole
    /// body is buffered, unless they are passed <c>HttpCompletionOption.ResponseHeadersRead</c>; the stream
    /// <c>response.Content.ReadAsStreamAsync()</c> then hands out reads that buffer (consuldotnet's
    /// <c>new StreamReader(ResponseStream).ReadToEnd()</c>). <c>HttpMessageInvoker.SendAsync</c> and
    /// <c>GetStreamAsync</c> do not buffer, and a completion option that is not a constant is not known.
    /// </summary>
    internal static class BufferedResponses
    {
        /// <summary><c>await response.Content.ReadAsStreamAsync(..)</c> on a response an <c>HttpClient</c> buffered.</summary>
        public static bool IsBufferedContentStream(IAwaitOperation awaited, KnownTypes types)
        {
            if (BlockingWaits.StripConfigureAwait(awaited.Operation, types).WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "ReadAsStreamAsync", Instance: { } content } read
                || !KnownTypes.InheritsFrom(read.TargetMethod.ContainingType, types.HttpContent)
                || content.WalkDownConversions() is not IPropertyReferenceOperation { Property.Name: "Content", Instance: { } response })
            {
                return false;
            }

            return LocalInitializers.Unaliased(response) is IAwaitOperation sent
                && BlockingWaits.StripConfigureAwait(sent.Operation, types).WalkDownConversions() is IInvocationOperation send
                && Buffers(send, types);
        }

        private static bool Buffers(IInvocationOperation send, KnownTypes types)
        {
            var method = send.TargetMethod;
            if (!KnownTypes.Is(method.ContainingType, types.HttpClient)
                || method.Name is not ("SendAsync" or "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync"))
            {
                return false;
            }

            foreach (var argument in send.Arguments)
            {
                // ResponseContentRead is 0; an option that is not a constant may be ResponseHeadersRead.
                if (KnownTypes.Is(argument.Parameter?.Type, types.HttpCompletionOption)
                    && !(argument.Value.ConstantValue is { HasValue: true, Value: 0 }))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
