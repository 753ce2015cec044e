using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Testing.Knowledge;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class PdfParsingTests
{
    private readonly DocumentParser _parser = new();

    [Fact]
    public void Pdf_blocks_carry_the_page_their_text_is_on_and_large_type_is_a_heading()
    {
        var pdf = new TestPdf()
            .Page().Heading("Introduction").Paragraph("Alpha paragraph on the first page. It explains what the handbook is for.")
            .Page().Paragraph("Bravo paragraph on the second page. It covers billing.").Paragraph("Charlie paragraph, also on page two.")
            .Page().Heading("Refunds").Paragraph("Delta paragraph on the third page. Refunds need approval.")
            .Build();

        var document = _parser.Parse(pdf, "application/pdf");

        Assert.Equal(DocumentContentTypes.Pdf, document.ContentType);
        Assert.Equal(3, document.PageCount);
        Assert.All(document.Blocks, b => Assert.NotNull(b.Page));
        Assert.Equal(1, PageOf(document, "Introduction"));
        Assert.Equal(1, PageOf(document, "Alpha paragraph"));
        Assert.Equal(2, PageOf(document, "Bravo paragraph"));
        Assert.Equal(2, PageOf(document, "Charlie paragraph"));
        Assert.Equal(3, PageOf(document, "Refunds"));
        Assert.Equal(3, PageOf(document, "Delta paragraph"));

        var introduction = document.Blocks.Single(b => Text(document, b) == "Introduction");
        Assert.Equal(BlockKind.Heading, introduction.Kind);
        Assert.Equal(1, introduction.HeadingLevel);
        var delta = document.Blocks.Single(b => Text(document, b).StartsWith("Delta", StringComparison.Ordinal));
        Assert.Equal(BlockKind.Paragraph, delta.Kind);
        Assert.Equal(["Refunds"], delta.HeadingPath);
        Assert.Equal("Delta paragraph on the third page. Refunds need approval.", Text(document, delta));
        Assert.Equal("Introduction", document.Title);
    }

    [Fact]
    public void Pdf_chunks_name_the_pages_they_start_and_end_on()
    {
        var random = new Random(7);
        var pdf = new TestPdf();
        for (var page = 1; page <= 4; page++)
        {
            pdf.Page();
            for (var p = 0; p < 3; p++)
                pdf.Paragraph($"Page {page} paragraph {p}. " + SampleText.Paragraph(random, 3));
        }
        var document = _parser.Parse(pdf.Build(), fileName: "handbook.pdf");
        var counter = WordPieces.Counter;
        var options = new ChunkingOptions { TargetTokens = 120, MinTokens = 80, MaxTokens = 160, OverlapTokens = 20 };

        var chunks = new DocumentChunker(counter, options).Chunk(document);

        ChunkAssert.Invariants(document, chunks, counter, options);
        Assert.True(chunks.Count >= 4, $"expected several chunks, got {chunks.Count}");
        foreach (var chunk in chunks)
        {
            Assert.Equal(document.Blocks.Single(b => b.Start <= chunk.Start && chunk.Start < b.End).Page, chunk.FirstPage);
            Assert.Equal(document.Blocks.Single(b => b.Start < chunk.End && chunk.End <= b.End).Page, chunk.LastPage);
        }
        Assert.Equal(1, chunks[0].FirstPage);
        Assert.Equal(4, chunks[^1].LastPage);
        Assert.Contains(chunks, c => c.FirstPage < c.LastPage);
        Assert.Contains(chunks, c => c.Text.Contains("Page 3 paragraph 1.", StringComparison.Ordinal) && c.FirstPage <= 3 && c.LastPage >= 3);
    }

    [Fact]
    public void A_pdf_that_cannot_be_read_is_a_clear_error()
    {
        var broken = "%PDF-1.7\nthis is not a PDF body at all\n"u8.ToArray();

        var error = Assert.ThrowsAny<DocumentParseException>(() => _parser.Parse(broken, "application/pdf"));

        Assert.Contains("PDF", error.Message, StringComparison.Ordinal);
        Assert.IsNotType<UnsupportedContentTypeException>(error);
    }

    [Fact]
    public void Text_declared_as_pdf_is_a_clear_error()
    {
        var error = Assert.Throws<DocumentParseException>(() => _parser.Parse("just some words"u8.ToArray(), "application/pdf"));

        Assert.Contains("not a readable PDF", error.Message, StringComparison.Ordinal);
    }

    private static string Text(ParsedDocument document, DocumentBlock block) => document.Text[block.Start..block.End];

    private static int? PageOf(ParsedDocument document, string startsWith) =>
        document.Blocks.Single(b => Text(document, b).StartsWith(startsWith, StringComparison.Ordinal)).Page;
}
