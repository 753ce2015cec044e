using System.Text;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Testing.Knowledge;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class PlainTextParsingTests
{
    private readonly DocumentParser _parser = new();

    [Fact]
    public void Plain_text_paragraphs_are_separated_by_blank_lines_and_line_ends_are_normalised()
    {
        var content = Encoding.UTF8.GetBytes("  First line\r\nsecond   line\r\n\r\n \t \r\n\r\nSecond paragraph\rthird line\n\n\n");

        var document = _parser.Parse(content, "text/plain; charset=utf-8");

        Assert.Equal(DocumentContentTypes.PlainText, document.ContentType);
        Assert.Equal("First line\nsecond line\n\nSecond paragraph\nthird line", document.Text);
        Assert.Collection(
            document.Blocks,
            b => Assert.Equal((BlockKind.Paragraph, 0, 22), (b.Kind, b.Start, b.End)),
            b => Assert.Equal((BlockKind.Paragraph, 24, 51), (b.Kind, b.Start, b.End)));
        Assert.All(document.Blocks, b =>
        {
            Assert.Empty(b.HeadingPath);
            Assert.Null(b.Page);
            Assert.Equal(0, b.HeadingLevel);
        });
        Assert.Null(document.PageCount);
    }

    [Fact]
    public void A_stated_legacy_charset_is_decoded()
    {
        var content = Encoding.Latin1.GetBytes("Caf\u00e9 cr\u00e8me");

        var document = _parser.Parse(content, "text/plain; charset=ISO-8859-1");

        Assert.Equal("Caf\u00e9 cr\u00e8me", document.Text);
    }

    [Fact]
    public void An_unknown_charset_is_an_error_naming_it()
    {
        var error = Assert.Throws<DocumentParseException>(() => _parser.Parse("x"u8.ToArray(), "text/plain; charset=klingon-8"));

        Assert.Contains("klingon-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_decides_the_encoding()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Hello \u00e9t\u00e9")).ToArray();

        var document = _parser.Parse(utf16);

        Assert.Equal(DocumentContentTypes.PlainText, document.ContentType);
        Assert.Equal("Hello \u00e9t\u00e9", document.Text);
    }

    [Fact]
    public void A_document_without_text_has_no_blocks_and_no_chunks()
    {
        var document = _parser.Parse(" \r\n\t\n "u8.ToArray(), "text/plain");

        Assert.Equal(string.Empty, document.Text);
        Assert.Empty(document.Blocks);
        var chunks = new Chunking.DocumentChunker(WordPieces.Counter, new Chunking.ChunkingOptions()).Chunk(document);
        Assert.Empty(chunks);
    }

    [Fact]
    public void Big_input_is_parsed_and_chunked_in_one_pass()
    {
        // 4 MB of prose in ~9,000 paragraphs: work that grew faster than the input would not finish here.
        var random = new Random(11);
        var text = new StringBuilder();
        while (text.Length < 4_000_000)
            text.Append(SampleText.Paragraph(random, 5)).Append("\n\n");

        var document = _parser.ParseText(text.ToString(), "text/plain");
        var options = new Chunking.ChunkingOptions();
        var chunks = new Chunking.DocumentChunker(WordPieces.Counter, options).Chunk(document);

        Assert.Equal(text.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length, document.Blocks.Count);
        Assert.True(chunks.Count > document.Text.Length / options.MaxChunkCharacters);
        ChunkAssert.Invariants(document, chunks, WordPieces.Counter, options);
    }
}
