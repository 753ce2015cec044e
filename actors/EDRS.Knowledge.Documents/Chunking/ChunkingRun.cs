using System.Globalization;
using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>One pass of <see cref="DocumentChunker"/> over one document (the rules are described there).</summary>
internal sealed class ChunkingRun(ParsedDocument document, ITokenCounter counter, ChunkingOptions options)
{
    private readonly string _text = document.Text;
    private readonly IReadOnlyList<DocumentBlock> _blocks = document.Blocks;

    // Units still to place, the next on top. Cutting a unit pushes its parts back here.
    private readonly Stack<ChunkUnit> _pending = new();

    // The chunk being filled: its new units, and the overlap it starts with (a tail of the previous chunk).
    private readonly List<ChunkUnit> _current = [];
    private Overlap? _overlap;
    private int _currentTokens;

    // The overlap the next chunk may start with, offered by the last chunk that ended for size.
    private Overlap? _offeredOverlap;

    private readonly List<DocumentChunk> _chunks = [];

    public IReadOnlyList<DocumentChunk> Run()
    {
        for (var b = 0; b < _blocks.Count; b++)
        {
            var block = _blocks[b];
            // A code block keeps the indentation of its first line; a chunk starts at its first visible character.
            var start = block.Start;
            while (start < block.End && char.IsWhiteSpace(_text[start]))
                start++;
            if (start == block.End)
                continue;
            var isHeading = block.Kind == BlockKind.Heading;
            if (isHeading && block.HeadingLevel <= 2 && _current.Exists(u => !u.IsHeading))
                EndSection(); // a new section: no overlap into it
            _pending.Push(new ChunkUnit(start, block.End, Count(start, block.End), SegmentLevel.Block, b, isHeading, StartsSentence: true));
            Drain();
        }
        EndSection();
        return _chunks;
    }

    private void Drain()
    {
        while (_pending.Count > 0)
            Place(_pending.Pop());
    }

    /// <summary>Emits what is left (a check that cuts the last chunk hands parts back, which are placed and emitted too).</summary>
    private void EndSection()
    {
        Emit(offerOverlap: false);
        while (_pending.Count > 0)
        {
            Drain();
            Emit(offerOverlap: false);
        }
    }

    private void Place(ChunkUnit unit)
    {
        if (_current.Count == 0)
        {
            if (TooLarge(unit.Tokens, unit.Length) && TrySplit(unit))
                return; // the offered overlap stays for the first part
            if (_offeredOverlap is { } offered && !unit.IsHeading &&
                offered.Tokens + unit.Tokens <= options.MaxTokens && unit.End - offered.Start <= options.MaxChunkCharacters)
            {
                _overlap = offered;
                _currentTokens = offered.Tokens;
            }
            _offeredOverlap = null;
            Add(unit);
            return;
        }

        var chunkStart = _overlap?.Start ?? _current[0].Start;
        var span = unit.End - chunkStart;
        var total = _currentTokens + unit.Tokens;
        if (total <= options.TargetTokens && span <= options.MaxChunkCharacters)
        {
            Add(unit);
            return;
        }
        var small = _currentTokens < options.MinTokens;
        if (small && total <= options.MaxTokens && span <= options.MaxChunkCharacters)
        {
            Add(unit);
            return;
        }
        if (small && (!unit.IsHeading || TooLarge(unit.Tokens, unit.Length)) && TrySplit(unit))
            return; // fill the small chunk with the parts that fit
        // Back on the stack first: headings moved on by the flush, and units a check hands back, come before it.
        _pending.Push(unit);
        FlushForSize();
    }

    private void Add(ChunkUnit unit)
    {
        _current.Add(unit);
        _currentTokens += unit.Tokens;
    }

    /// <summary>Ends the current chunk because the next unit does not fit; a trailing heading moves on with its text.</summary>
    private void FlushForSize()
    {
        var lastBody = _current.FindLastIndex(u => !u.IsHeading);
        if (lastBody >= 0)
        {
            for (var i = _current.Count - 1; i > lastBody; i--)
            {
                _pending.Push(_current[i]);
                _currentTokens -= _current[i].Tokens;
                _current.RemoveAt(i);
            }
        }
        Emit(offerOverlap: true);
    }

    /// <summary>Checks the chunk with one count of its whole text, records it, and offers its tail as the next overlap.</summary>
    private void Emit(bool offerOverlap)
    {
        if (_current.Count == 0)
        {
            _overlap = null;
            return;
        }

        var start = _overlap?.Start ?? _current[0].Start;
        var end = _current[^1].End;
        var tokens = Count(start, end);
        while (tokens > options.MaxTokens)
        {
            // The parts' counts added up to less than the whole (a tokenizer that is not additive at the cuts):
            // give up the overlap, then hand back the last units, then cut the last unit.
            if (_overlap is { } dropped)
            {
                _currentTokens -= dropped.Tokens;
                _overlap = null;
            }
            else if (_current.Count > 1)
                _pending.Push(Pop());
            else if (TrySplitCurrentOnlyUnit())
                return;
            else
                break; // one grapheme over the limit: nothing smaller exists
            start = _overlap?.Start ?? _current[0].Start;
            end = _current[^1].End;
            tokens = Count(start, end);
        }

        var first = _current[0];
        var firstBlock = _overlap?.BlockIndex ?? first.BlockIndex;
        _chunks.Add(new DocumentChunk(
            _chunks.Count,
            _text[start..end],
            start,
            end,
            _overlap is { } overlap ? overlap.End - start : 0,
            tokens,
            _blocks[firstBlock].Page,
            _blocks[_current[^1].BlockIndex].Page,
            _blocks[first.BlockIndex].HeadingPath));

        _offeredOverlap = offerOverlap && options.OverlapTokens > 0 ? TailOverlap(end) : null;
        _current.Clear();
        _overlap = null;
        _currentTokens = 0;
    }

    private ChunkUnit Pop()
    {
        var last = _current[^1];
        _current.RemoveAt(_current.Count - 1);
        _currentTokens -= last.Tokens;
        return last;
    }

    private bool TrySplitCurrentOnlyUnit()
    {
        var only = _current[0];
        _current.Clear();
        _currentTokens = 0;
        if (TrySplit(only))
            return true;
        Add(only);
        return false;
    }

    /// <summary>
    /// The longest tail of the current chunk's new text that starts a sentence and has at most
    /// <see cref="ChunkingOptions.OverlapTokens"/> tokens; failing that, the longest such tail starting a word of the last
    /// sentence. Never a heading, never the whole chunk.
    /// </summary>
    private Overlap? TailOverlap(int end)
    {
        Overlap? best = null;
        var firstStart = _current[0].Start;
        var lastSentenceStart = -1;
        for (var i = _current.Count - 1; i >= 0 && !_current[i].IsHeading; i--)
        {
            var unit = _current[i];
            foreach (var sentenceStart in SentenceStartsDescending(unit))
            {
                if (lastSentenceStart < 0)
                    lastSentenceStart = sentenceStart;
                if (sentenceStart <= firstStart)
                    return best ?? WordTailOverlap(lastSentenceStart, end);
                var tokens = Count(sentenceStart, end);
                if (tokens > options.OverlapTokens)
                    return best ?? WordTailOverlap(lastSentenceStart, end);
                best = new Overlap(sentenceStart, end, tokens, unit.BlockIndex);
            }
        }
        // The chunk's text after its last heading is one sentence begun in an earlier chunk: start at one of its words.
        return best ?? WordTailOverlap(lastSentenceStart >= 0 ? lastSentenceStart : firstStart, end);
    }

    /// <summary>Sentence (or, in code and tables, line) starts inside a unit, last first.</summary>
    private IEnumerable<int> SentenceStartsDescending(ChunkUnit unit)
    {
        if (unit.Level == SegmentLevel.Block)
        {
            var ranges = IsLineOriented(unit) ? TextSegmenter.Lines(_text, unit.Start, unit.End) : TextSegmenter.Sentences(_text, unit.Start, unit.End);
            for (var i = ranges.Count - 1; i >= 0; i--)
                yield return ranges[i].Start;
        }
        else if (unit.StartsSentence)
        {
            yield return unit.Start;
        }
    }

    /// <summary>The longest tail from a word start after <paramref name="from"/> with at most the overlap's tokens.</summary>
    private Overlap? WordTailOverlap(int from, int end)
    {
        var lastHeading = _current.FindLastIndex(u => u.IsHeading);
        if (lastHeading >= 0)
            from = Math.Max(from, _current[lastHeading].End);
        Overlap? best = null;
        var words = TextSegmenter.Words(_text, from, end);
        for (var i = words.Count - 1; i >= 1; i--)
        {
            var tokens = Count(words[i].Start, end);
            if (tokens > options.OverlapTokens)
                break;
            best = new Overlap(words[i].Start, end, tokens, BlockOf(words[i].Start));
        }
        return best;
    }

    private int BlockOf(int offset)
    {
        for (var i = _current.Count - 1; i >= 0; i--)
        {
            if (_current[i].Start <= offset)
                return _current[i].BlockIndex;
        }
        return _current[0].BlockIndex;
    }

    /// <summary>Pushes the unit's parts at the next finer level that yields more than one part; false if none does.</summary>
    private bool TrySplit(ChunkUnit unit)
    {
        var level = unit.Level;
        while (Finer(level, unit) is { } finer)
        {
            level = finer;
            var parts = finer == SegmentLevel.Piece ? Pieces(unit) : Segments(finer, unit);
            if (parts.Count < 2)
                continue;
            for (var i = parts.Count - 1; i >= 0; i--)
            {
                var (start, end) = parts[i];
                var startsSentence = finer is SegmentLevel.Sentence or SegmentLevel.Line || (i == 0 && unit.StartsSentence);
                _pending.Push(new ChunkUnit(start, end, Count(start, end), finer, unit.BlockIndex, unit.IsHeading, startsSentence));
            }
            return true;
        }
        return false;
    }

    private SegmentLevel? Finer(SegmentLevel level, ChunkUnit unit) => level switch
    {
        SegmentLevel.Block when unit.IsHeading => SegmentLevel.Word,
        SegmentLevel.Block => IsLineOriented(unit) ? SegmentLevel.Line : SegmentLevel.Sentence,
        SegmentLevel.Sentence => SegmentLevel.Line,
        SegmentLevel.Line => SegmentLevel.Word,
        SegmentLevel.Word => SegmentLevel.Piece,
        _ => null,
    };

    private List<(int Start, int End)> Segments(SegmentLevel level, ChunkUnit unit) => level switch
    {
        SegmentLevel.Sentence => TextSegmenter.Sentences(_text, unit.Start, unit.End),
        SegmentLevel.Line => TextSegmenter.Lines(_text, unit.Start, unit.End),
        _ => TextSegmenter.Words(_text, unit.Start, unit.End),
    };

    /// <summary>
    /// A word too long for a chunk, cut into runs of whole graphemes that each fit: a run starts as long as the character
    /// bound allows and is halved until its count fits.
    /// </summary>
    private List<(int Start, int End)> Pieces(ChunkUnit unit)
    {
        var pieces = new List<(int, int)>();
        var position = unit.Start;
        var window = Math.Min(options.MaxChunkCharacters, Math.Max(1, options.TargetTokens));
        while (position < unit.End)
        {
            var length = Math.Min(window, unit.End - position);
            int end;
            while (true)
            {
                end = GraphemeEnd(position, position + length, unit.End);
                if (end - position <= 1 || Count(position, end) <= options.MaxTokens)
                    break;
                length = Math.Max(1, length / 2);
            }
            pieces.Add((position, end));
            position = end;
        }
        return pieces;
    }

    /// <summary>The last grapheme boundary at or before <paramref name="wanted"/> (at least one grapheme past <paramref name="start"/>).</summary>
    private int GraphemeEnd(int start, int wanted, int limit)
    {
        var position = start;
        while (position < limit)
        {
            var next = position + StringInfo.GetNextTextElementLength(_text.AsSpan(position, limit - position));
            if (next > wanted && position > start)
                break;
            position = next;
        }
        return position;
    }

    private bool IsLineOriented(ChunkUnit unit) => _blocks[unit.BlockIndex].Kind is BlockKind.Code or BlockKind.Table;

    private bool TooLarge(int tokens, int length) => tokens > options.MaxTokens || length > options.MaxChunkCharacters;

    private int Count(int start, int end) => counter.CountTokens(_text.AsSpan(start, end - start));

    /// <summary>A tail of the previous chunk, <c>[Start, previous chunk's end)</c>, repeated at the start of the next.</summary>
    private readonly record struct Overlap(int Start, int End, int Tokens, int BlockIndex);
}
