namespace EDRS.Benchmarks.Knowledge;

/// <summary>One returned chunk, as the hit rule reads it: its document, its text and the PDF page it starts on.</summary>
internal sealed record RetrievedChunk(string DocumentId, string Text, int? Page);
