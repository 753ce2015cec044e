using System.Text;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Testing.Knowledge;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class ChunkingTests
{
    private static readonly ITokenCounter Counter = WordPieces.Counter;
    private readonly DocumentParser _parser = new();

    [Fact]
    public void Chunks_of_a_long_document_stay_within_the_size_bounds()
    {
        var document = _parser.ParseText(SampleText.LongMarkdown(seed: 1, sections: 25), "text/markdown");
        var options = new ChunkingOptions();

        var chunks = new DocumentChunker(Counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, Counter, options);
        Assert.True(chunks.Count > 20, $"only {chunks.Count} chunks");
        for (var i = 0; i < chunks.Count - 1; i++)
        {
            // Only the last chunk before a new section (a level-1 or level-2 heading) may be smaller than the minimum.
            if (StartsSection(document, chunks[i + 1]))
                continue;
            Assert.True(chunks[i].TokenCount >= options.MinTokens, $"chunk {i} has {chunks[i].TokenCount} tokens < {options.MinTokens}");
        }
        var tokens = chunks.Select(c => c.TokenCount).ToArray();
        Assert.InRange(tokens.Max(), options.TargetTokens - 100, options.MaxTokens);
    }

    [Fact]
    public void Chunks_of_prose_without_headings_are_packed_between_the_minimum_and_the_maximum_with_overlap()
    {
        var random = new Random(3);
        var text = string.Join("\n\n", Enumerable.Range(0, 120).Select(_ => SampleText.Paragraph(random, random.Next(1, 12))));
        var document = _parser.ParseText(text, "text/plain");
        var options = new ChunkingOptions();

        var chunks = new DocumentChunker(Counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, Counter, options);
        Assert.All(chunks.SkipLast(1), c => Assert.InRange(c.TokenCount, options.MinTokens, options.MaxTokens));
        var overlapping = chunks.Skip(1).Where(c => c.OverlapLength > 0).ToArray();
        Assert.True(overlapping.Length >= chunks.Count / 2, $"{overlapping.Length} of {chunks.Count} chunks overlap");
        foreach (var chunk in overlapping)
        {
            // The overlap starts a sentence: the text before it (in the previous chunk) ends one.
            var before = document.Text[..chunk.Start].TrimEnd();
            Assert.True(before[^1] is '.' or '!' or '?', $"overlap of chunk {chunk.Index} does not start a sentence");
            Assert.InRange(Counter.CountTokens(chunk.Text.AsSpan(0, chunk.OverlapLength)), 1, options.OverlapTokens);
        }
    }

    [Fact]
    public void A_very_long_paragraph_without_sentence_ends_is_cut_at_word_boundaries()
    {
        var random = new Random(5);
        var paragraph = SampleText.WordsWithoutSentenceEnds(random, 6_000);
        var document = _parser.ParseText("Heading line\n\n" + paragraph, "text/plain");
        var options = new ChunkingOptions();

        var chunks = new DocumentChunker(Counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, Counter, options);
        Assert.True(chunks.Count >= 6_000 / options.MaxTokens);
        foreach (var chunk in chunks)
        {
            Assert.True(chunk.Start == 0 || char.IsWhiteSpace(document.Text[chunk.Start - 1]), $"chunk {chunk.Index} starts inside a word");
            Assert.True(chunk.End == document.Text.Length || char.IsWhiteSpace(document.Text[chunk.End]), $"chunk {chunk.Index} ends inside a word");
        }
        // With no sentence start to begin at, the overlap begins at a word.
        Assert.Contains(chunks, c => c.OverlapLength > 0);
    }

    [Fact]
    public void A_level_one_or_two_heading_starts_a_new_chunk_without_overlap()
    {
        var random = new Random(9);
        var markdown = new StringBuilder();
        markdown.Append("# Guide\n\n").Append(SampleText.Paragraph(random, 4)).Append("\n\n");
        markdown.Append("## Install\n\n").Append(SampleText.Paragraph(random, 3)).Append("\n\n");
        markdown.Append("### Requirements\n\n").Append(SampleText.Paragraph(random, 2)).Append("\n\n");
        markdown.Append("## Configure\n\n").Append(SampleText.Paragraph(random, 2)).Append("\n\n");
        var document = _parser.ParseText(markdown.ToString(), "text/markdown");
        var options = new ChunkingOptions();

        var chunks = new DocumentChunker(Counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, Counter, options);
        Assert.Equal(3, chunks.Count); // the small sections are not merged across level-2 headings; level 3 stays inside
        Assert.StartsWith("Guide\n\n", chunks[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Install\n\n", chunks[1].Text, StringComparison.Ordinal);
        Assert.Contains("Requirements\n\n", chunks[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("Configure\n\n", chunks[2].Text, StringComparison.Ordinal);
        Assert.All(chunks, c => Assert.Equal(0, c.OverlapLength));
        Assert.Equal(["Guide"], chunks[0].HeadingPath);
        Assert.Equal(["Guide", "Install"], chunks[1].HeadingPath);
        Assert.Equal(["Guide", "Configure"], chunks[2].HeadingPath);
    }

    [Fact]
    public void Headings_are_never_split_and_never_end_a_chunk()
    {
        // Many level-3 sections: chunk ends fall near headings, which must move on with their text.
        var random = new Random(13);
        var markdown = new StringBuilder("# Reference\n\n");
        for (var i = 0; i < 60; i++)
            markdown.Append($"### Entry {i} about {SampleText.Sentence(random).TrimEnd('.', '!', '?')}\n\n").Append(SampleText.Paragraph(random, random.Next(1, 6))).Append("\n\n");
        var document = _parser.ParseText(markdown.ToString(), "text/markdown");
        var options = new ChunkingOptions();

        var chunks = new DocumentChunker(Counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, Counter, options);
        var headingEnds = document.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.End).ToHashSet();
        Assert.All(chunks, c => Assert.DoesNotContain(c.End, headingEnds));
        // A chunk that starts at a heading names it as the last part of its heading path.
        foreach (var chunk in chunks.Where(c => c.OverlapLength == 0 && c.Index > 0))
        {
            var block = document.Blocks.Single(b => b.Start == chunk.Start);
            if (block.Kind == BlockKind.Heading)
                Assert.Equal(document.Text[block.Start..block.End], chunk.HeadingPath[^1]);
        }
    }

    [Fact]
    public void Tables_and_code_are_cut_at_line_ends()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 400).Select(i => $"| row {i} | value {i * 7} | note for row {i} |"));
        var code = string.Join('\n', Enumerable.Range(0, 300).Select(i => $"    call_function_{i}(argument_{i}, other);"));
        var markdown = "# Data\n\n| Row | Value | Note |\n|---|---|---|\n" + rows + "\n\n```\n" + code + "\n```\n";
        var document = _parser.ParseText(markdown, "text/markdown");
        var options = new ChunkingOptions();

        var chunks = new DocumentChunker(Counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, Counter, options);
        Assert.True(chunks.Count > 4);
        foreach (var chunk in chunks)
        {
            Assert.True(chunk.End == document.Text.Length || document.Text[chunk.End] == '\n', $"chunk {chunk.Index} ends inside a line");
            var newContentStart = chunk.Start + chunk.OverlapLength;
            Assert.True(chunk.Start == 0 || document.Text[chunk.Start - 1] is '\n' or ' ', $"chunk {chunk.Index} starts inside a line");
            Assert.True(newContentStart <= chunk.End);
        }
    }

    [Fact]
    public void Code_keeps_its_indentation_but_a_chunk_starts_at_its_first_visible_character()
    {
        var document = _parser.ParseText("```\n    indented();\n  less();\n```\n", "text/markdown");

        var chunk = Assert.Single(new DocumentChunker(Counter, new ChunkingOptions()).Chunk(document));

        Assert.Equal("    indented();\n  less();", document.Text);
        Assert.Equal(BlockKind.Code, document.Blocks[0].Kind);
        Assert.Equal("indented();\n  less();", chunk.Text);
        Assert.Equal(4, chunk.Start);
    }

    [Fact]
    public void Overlap_can_be_turned_off()
    {
        var document = _parser.ParseText(SampleText.LongMarkdown(seed: 2, sections: 6), "text/markdown");
        var options = new ChunkingOptions { OverlapTokens = 0 };

        var chunks = new DocumentChunker(Counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, Counter, options);
        Assert.All(chunks, c => Assert.Equal(0, c.OverlapLength));
    }

    private static bool StartsSection(ParsedDocument document, DocumentChunk chunk) =>
        document.Blocks.Any(b => b.Start == chunk.Start && b.Kind == BlockKind.Heading && b.HeadingLevel <= 2);

    [Fact]
    public void Chunking_options_are_validated_with_messages_naming_the_environment_variables()
    {
        var options = new ChunkingOptions { TargetTokens = 500, MinTokens = -1, MaxTokens = 400, OverlapTokens = 300, MaxChunkCharacters = 10 };

        var problems = options.Validate();
        var error = Assert.Throws<ArgumentException>(() => new DocumentChunker(Counter, options));

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("Knowledge__Chunking__TargetTokens", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Knowledge__Chunking__MinTokens", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Knowledge__Chunking__OverlapTokens", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Knowledge__Chunking__MaxChunkCharacters", StringComparison.Ordinal));
        Assert.Equal("options", error.ParamName);
        Assert.Empty(new ChunkingOptions().Validate());
    }
}
