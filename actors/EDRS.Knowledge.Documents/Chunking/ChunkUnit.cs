namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>A run of canonical text <c>[Start, End)</c> the chunker places as a whole, with its token count.</summary>
/// <param name="StartsSentence">True when <see cref="Start"/> is a sentence start (or a line start in code and tables):
/// an overlap may begin there.</param>
internal readonly record struct ChunkUnit(int Start, int End, int Tokens, SegmentLevel Level, int BlockIndex, bool IsHeading, bool StartsSentence)
{
    public int Length => End - Start;
}
