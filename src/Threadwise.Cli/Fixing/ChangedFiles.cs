using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Threadwise.Cli.Fixing;

/// <summary>The source files whose text differs between two snapshots of a solution, and how to write them back.</summary>
internal static class ChangedFiles
{
    /// <summary>The documents (with a file) whose text changed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static async Task<IReadOnlyList<DocumentId>> DocumentsAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        var changed = new List<DocumentId>();
        foreach (ProjectChanges project in after.GetChanges(before).GetProjectChanges())
        {
            foreach (DocumentId id in project.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                if (after.GetDocument(id)?.FilePath is not null
                    && !(await TextAsync(before, id, cancellationToken).ConfigureAwait(false)).ContentEquals(await TextAsync(after, id, cancellationToken).ConfigureAwait(false)))
                {
                    changed.Add(id);
                }
            }
        }

        return changed;
    }

    /// <summary>The file paths of <see cref="DocumentsAsync"/>, once each.</summary>
    public static async Task<IReadOnlySet<string>> PathsAsync(Solution before, Solution after, CancellationToken cancellationToken) =>
        (await DocumentsAsync(before, after, cancellationToken).ConfigureAwait(false))
            .Select(id => after.GetDocument(id)!.FilePath!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// One text per file: a file compiled in several projects (each target framework of a project, a linked file) is a
    /// document in each, and a fix may have changed only some of them. The text of the document in a fixed project wins
    /// and is given to every document of the file, so later fixes, the diff and the written file agree.
    /// </summary>
    public static async Task<Solution> UnifyAsync(Solution before, Solution after, IReadOnlySet<ProjectId> fixedProjects, CancellationToken cancellationToken)
    {
        var documents = await DocumentsAsync(before, after, cancellationToken).ConfigureAwait(false);
        foreach (var file in documents.GroupBy(id => after.GetDocument(id)!.FilePath!, StringComparer.Ordinal))
        {
            DocumentId winner = file.FirstOrDefault(id => fixedProjects.Contains(id.ProjectId)) ?? file.First();
            SourceText text = await TextAsync(after, winner, cancellationToken).ConfigureAwait(false);
            foreach (DocumentId other in after.GetDocumentIdsWithFilePath(file.Key))
            {
                if (other != winner && after.GetDocument(other) is not null
                    && !(await TextAsync(after, other, cancellationToken).ConfigureAwait(false)).ContentEquals(text))
                {
                    after = after.WithDocumentText(other, text);
                }
            }
        }

        return after;
    }

    /// <summary>
    /// The changed texts written the way the files were: a file that used only CRLF (or only LF) keeps that line ending
    /// where a fix inserted the other, and every file keeps its encoding (byte-order mark included).
    /// </summary>
    public static async Task<Solution> KeepLineEndingsAndEncodingAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        foreach (DocumentId id in await DocumentsAsync(original, changed, cancellationToken).ConfigureAwait(false))
        {
            SourceText old = await TextAsync(original, id, cancellationToken).ConfigureAwait(false);
            SourceText text = await TextAsync(changed, id, cancellationToken).ConfigureAwait(false);
            string? ending = SoleLineEnding(old.ToString());
            string content = text.ToString();
            if (ending is not null)
            {
                content = content.Replace("\r\n", "\n", StringComparison.Ordinal);
                if (ending == "\r\n")
                {
                    content = content.Replace("\n", "\r\n", StringComparison.Ordinal);
                }
            }

            changed = changed.WithDocumentText(id, SourceText.From(content, old.Encoding ?? text.Encoding, old.ChecksumAlgorithm));
        }

        return changed;
    }

    public static Task<SourceText> TextAsync(Solution solution, DocumentId id, CancellationToken cancellationToken) =>
        solution.GetDocument(id)!.GetTextAsync(cancellationToken);

    /// <summary>"\r\n" or "\n" when the text uses only that line ending; null when it mixes them or has no line break.</summary>
    private static string? SoleLineEnding(string text)
    {
        int crlf = 0, lf = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                if (i > 0 && text[i - 1] == '\r')
                {
                    crlf++;
                }
                else
                {
                    lf++;
                }
            }
        }

        return crlf > 0 && lf == 0 ? "\r\n" : lf > 0 && crlf == 0 ? "\n" : null;
    }
}
