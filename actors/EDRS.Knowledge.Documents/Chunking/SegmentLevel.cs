namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>How finely a piece of text was cut: the chunker cuts only as finely as a size limit forces it to.</summary>
internal enum SegmentLevel
{
    Block,
    Sentence,
    Line,
    Word,

    /// <summary>A run of whole graphemes of a word too long for a chunk (never a cut inside a surrogate pair or before a combining mark).</summary>
    Piece,
}
