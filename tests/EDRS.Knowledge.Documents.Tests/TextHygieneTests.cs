using System.Text;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Testing.Knowledge;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class TextHygieneTests
{
    // Emoji (a surrogate pair with a skin-tone modifier), a ZWJ family sequence, a combining acute accent, a flag,
    // CJK, right-to-left text — all kept. NUL (dropped), a lone high and a lone low surrogate (each replaced by U+FFFD),
    // other control characters (a space) — removed.
    private const string Messy = "Caf\u0065\u0301 \U0001F44D\U0001F3FD family \U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F1E9\U0001F1EA 漢字 שלום " +
                                 "a\0b lone\uD800high lone\uDC00low bell\u0007end";

    private const string Cleaned = "Caf\u0065\u0301 \U0001F44D\U0001F3FD family \U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F1E9\U0001F1EA 漢字 שלום " +
                                   "ab lone\uFFFDhigh lone\uFFFDlow bell end";

    private readonly DocumentParser _parser = new();

    [Theory]
    [InlineData("text/plain", "{0}")]
    [InlineData("text/markdown", "# Title\n\n{0}")]
    [InlineData("text/html", "<html><body><h1>Title</h1><p>{0}</p></body></html>")]
    public void Canonical_text_keeps_emoji_and_combining_marks_and_removes_nul_and_lone_surrogates(string contentType, string template)
    {
        var document = _parser.ParseText(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Messy), contentType);

        Assert.EndsWith(Cleaned, document.Text, StringComparison.Ordinal);
        AssertStorable(document.Text);
    }

    [Fact]
    public void Invalid_utf8_bytes_become_replacement_characters()
    {
        var bytes = "ok "u8.ToArray().Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(" done"u8.ToArray()).ToArray();

        var document = _parser.Parse(bytes, "text/plain");

        Assert.Equal("ok \uFFFD(\uFFFD done", document.Text);
        AssertStorable(document.Text);
    }

    [Fact]
    public void A_word_longer_than_a_chunk_is_cut_between_graphemes_never_inside_one()
    {
        // 6,000 characters without a space: emoji with modifiers, combining sequences and ZWJ sequences.
        var word = string.Concat(Enumerable.Repeat("ab\U0001F44D\U0001F3FDe\u0301\u0302\U0001F468\u200D\U0001F469\u200D\U0001F467x", 300));
        var document = _parser.ParseText("Intro sentence.\n\n" + word + "\n\nOutro sentence.", "text/plain");
        var options = new ChunkingOptions { TargetTokens = 60, MinTokens = 30, MaxTokens = 80, OverlapTokens = 10, MaxChunkCharacters = 500 };
        var counter = WordPieces.Counter;

        var chunks = new DocumentChunker(counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, counter, options);
        Assert.True(chunks.Count >= word.Length / options.MaxChunkCharacters);
        Assert.All(chunks, c => AssertStorable(c.Text));
    }

    /// <summary>What PostgreSQL jsonb accepts: no U+0000, no unpaired surrogate (strict UTF-8 encoding succeeds).</summary>
    private static void AssertStorable(string text)
    {
        Assert.DoesNotContain('\0', text);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = strict.GetBytes(text); // throws on an unpaired surrogate
        Assert.Equal(text, strict.GetString(bytes));
    }
}
