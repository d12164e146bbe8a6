using System.Threading;
using Microsoft.CodeAnalysis;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// What a syntax edit may read about the original document: its semantic model and the conventions of the code around
    /// the edit. Built once per document, for the single fix and for Fix All alike.
    /// </summary>
    internal sealed class FixContext
    {
        private ConfigureAwaitConvention? _configureAwait;

        public FixContext(Document document, SemanticModel model, CancellationToken cancellationToken)
        {
            Document = document;
            Model = model;
            CancellationToken = cancellationToken;
        }

        public Document Document { get; }

        public SemanticModel Model { get; }

        public CancellationToken CancellationToken { get; }

        public ConfigureAwaitConvention ConfigureAwait => _configureAwait ??= ConfigureAwaitConvention.For(Document, Model, CancellationToken);
    }
}
