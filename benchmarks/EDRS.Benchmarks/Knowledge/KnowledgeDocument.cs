namespace EDRS.Benchmarks.Knowledge;

/// <summary>
/// One corpus file as the knowledge benchmark ingests it.
/// </summary>
/// <param name="Path">Relative to the corpus folder, with <c>/</c> separators (the form questions.json uses).</param>
/// <param name="ContentType">From the extension: <c>text/markdown</c>, <c>text/html</c> or <c>text/plain</c>.</param>
/// <param name="Bytes">The file as stored (UTF-8).</param>
/// <param name="VisibleText">
/// What a reader sees, whitespace collapsed (see <see cref="VisibleText"/>); for a PDF source, its pages joined by a space.
/// </param>
/// <param name="PdfPages">
/// For a PDF source (<c>pdf-source/*.txt</c>), the text of each page as written (split at form feeds), to be rendered
/// to PDF at run time; empty for every other document.
/// </param>
public sealed record KnowledgeDocument(
    string Path,
    string ContentType,
    byte[] Bytes,
    string VisibleText,
    IReadOnlyList<string> PdfPages)
{
    /// <summary>Characters of visible text counted as one page for documents that have no pages of their own.</summary>
    public const int CharactersPerPage = 3_000;

    /// <summary>True for the plain-text sources that the benchmark renders to PDF before ingesting them.</summary>
    public bool IsPdfSource => PdfPages.Count > 0;

    /// <summary>Pages for throughput figures: real pages of a PDF source, else visible characters / 3,000.</summary>
    public double Pages => IsPdfSource ? PdfPages.Count : (double)VisibleText.Length / CharactersPerPage;
}
