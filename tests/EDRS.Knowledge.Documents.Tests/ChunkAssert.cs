using System.Globalization;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Knowledge.Documents.Tests;

/// <summary>What must hold for every chunking of every document.</summary>
public static class ChunkAssert
{
    public static void Invariants(ParsedDocument document, IReadOnlyList<DocumentChunk> chunks, ITokenCounter counter, ChunkingOptions options)
    {
        var text = document.Text;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            Assert.Equal(i, chunk.Index);
            // The chunk's text is exactly the canonical substring, trimmed.
            Assert.Equal(text[chunk.Start..chunk.End], chunk.Text);
            Assert.NotEmpty(chunk.Text);
            Assert.False(char.IsWhiteSpace(chunk.Text[0]), $"chunk {i} starts with whitespace");
            Assert.False(char.IsWhiteSpace(chunk.Text[^1]), $"chunk {i} ends with whitespace");
            // Sizes: the recorded count is the real count, within the bounds.
            Assert.Equal(counter.CountTokens(chunk.Text), chunk.TokenCount);
            Assert.True(chunk.TokenCount <= options.MaxTokens, $"chunk {i} has {chunk.TokenCount} tokens > {options.MaxTokens}");
            Assert.True(chunk.Text.Length <= options.MaxChunkCharacters, $"chunk {i} has {chunk.Text.Length} characters");
            // Never cut inside a grapheme (surrogate pair, combining sequence).
            Assert.True(IsGraphemeBoundary(text, chunk.Start), $"chunk {i} starts inside a grapheme");
            Assert.True(IsGraphemeBoundary(text, chunk.End), $"chunk {i} ends inside a grapheme");
            if (chunk.FirstPage is not null)
                Assert.True(chunk.FirstPage <= chunk.LastPage);

            // Order, coverage and overlap.
            var previousEnd = i == 0 ? 0 : chunks[i - 1].End;
            if (i > 0)
            {
                Assert.True(chunk.Start > chunks[i - 1].Start, $"chunk {i} does not start after chunk {i - 1}");
                Assert.True(chunk.End > previousEnd, $"chunk {i} does not end after chunk {i - 1}");
            }
            if (chunk.Start < previousEnd)
            {
                Assert.Equal(previousEnd - chunk.Start, chunk.OverlapLength);
                var overlapTokens = counter.CountTokens(text.AsSpan(chunk.Start, chunk.OverlapLength));
                Assert.True(overlapTokens <= options.OverlapTokens, $"chunk {i} repeats {overlapTokens} tokens > {options.OverlapTokens}");
                Assert.True(chunk.OverlapLength < chunks[i - 1].Text.Length, $"chunk {i} repeats all of chunk {i - 1}");
            }
            else
            {
                Assert.Equal(0, chunk.OverlapLength);
                Assert.True(text.AsSpan(previousEnd, chunk.Start - previousEnd).IsWhiteSpace(), $"text before chunk {i} is in no chunk");
            }
        }
        var lastEnd = chunks.Count == 0 ? 0 : chunks[^1].End;
        Assert.True(text.AsSpan(lastEnd).IsWhiteSpace(), "text after the last chunk is in no chunk");

        // Headings are never cut.
        foreach (var heading in document.Blocks.Where(b => b.Kind == BlockKind.Heading && counter.CountTokens(text.AsSpan(b.Start, b.Length)) <= options.MaxTokens))
        {
            foreach (var chunk in chunks)
            {
                Assert.False(chunk.Start > heading.Start && chunk.Start < heading.End, $"a chunk starts inside heading '{text[heading.Start..heading.End]}'");
                Assert.False(chunk.End > heading.Start && chunk.End < heading.End, $"a chunk ends inside heading '{text[heading.Start..heading.End]}'");
            }
        }
    }

    private static bool IsGraphemeBoundary(string text, int offset)
    {
        if (offset == 0 || offset == text.Length)
            return true;
        var position = 0;
        // Walk from the nearest line start: grapheme clusters never cross a line feed.
        var lineStart = text.LastIndexOf('\n', offset - 1);
        position = lineStart < 0 ? 0 : lineStart + 1;
        while (position < offset)
            position += StringInfo.GetNextTextElementLength(text.AsSpan(position));
        return position == offset;
    }
}
