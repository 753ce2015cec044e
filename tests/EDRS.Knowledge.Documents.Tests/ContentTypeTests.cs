using System.Text;
using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class ContentTypeTests
{
    private readonly DocumentParser _parser = new();

    [Theory]
    [InlineData("text/plain", null, "# not a heading", DocumentFormat.PlainText)]
    [InlineData("Text/Markdown; charset=UTF-8", null, "# Heading", DocumentFormat.Markdown)]
    [InlineData("text/x-markdown", null, "# Heading", DocumentFormat.Markdown)]
    [InlineData("text/html; charset=utf-8", null, "<p>x</p>", DocumentFormat.Html)]
    [InlineData("application/xhtml+xml", null, "<p>x</p>", DocumentFormat.Html)]
    [InlineData(null, null, "%PDF-1.7 ...", DocumentFormat.Pdf)]
    [InlineData("application/octet-stream", "scan.bin", "\r\n%PDF-1.4 after junk", DocumentFormat.Pdf)]
    [InlineData(null, "notes.md", "# Heading", DocumentFormat.Markdown)]
    [InlineData(null, "page.HTM", "plain words", DocumentFormat.Html)]
    [InlineData(null, "readme.txt", "<html>", DocumentFormat.PlainText)]
    [InlineData(null, null, "<!DOCTYPE html><html><body>x</body></html>", DocumentFormat.Html)]
    [InlineData(null, null, "  <html lang=\"en\"><body>x</body></html>", DocumentFormat.Html)]
    [InlineData(null, null, "<!-- generated --><head><title>t</title></head>", DocumentFormat.Html)]
    [InlineData(null, "data.csv", "a,b\n1,2", DocumentFormat.PlainText)]
    [InlineData(null, null, "just words < and > signs", DocumentFormat.PlainText)]
    public void Content_type_comes_from_the_stated_type_else_from_the_bytes_and_file_name(string? contentType, string? fileName, string content, DocumentFormat expected)
    {
        Assert.Equal(expected, DocumentFormatDetector.Detect(Encoding.UTF8.GetBytes(content), contentType, fileName));
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("not a type")]
    public void An_unsupported_stated_type_is_an_error_naming_it(string contentType)
    {
        var error = Assert.Throws<UnsupportedContentTypeException>(() => _parser.Parse("hello"u8.ToArray(), contentType));

        Assert.Contains(contentType, error.Message, StringComparison.Ordinal);
        Assert.Contains("contentType", error.Message, StringComparison.Ordinal);
        Assert.Contains("text/markdown", error.Message, StringComparison.Ordinal);
        Assert.Equal(contentType.ToLowerInvariant(), error.ContentType);
    }

    [Fact]
    public void Binary_content_without_a_type_is_an_error_naming_what_it_is()
    {
        var docx = "PK\u0003\u0004 rest of a zip archive"u8.ToArray();

        var error = Assert.Throws<UnsupportedContentTypeException>(() => _parser.Parse(docx, fileName: "contract.docx"));

        Assert.Equal("application/zip", error.ContentType);
        Assert.Contains("contract.docx", error.Message, StringComparison.Ordinal);
        Assert.Contains("application/zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_with_zeros_and_no_known_signature_are_binary()
    {
        var error = Assert.Throws<UnsupportedContentTypeException>(() => _parser.Parse(new byte[] { 1, 2, 0, 3, 0, 0, 7 }));

        Assert.Equal(DocumentContentTypes.OctetStream, error.ContentType);
    }

    [Fact]
    public void Pdf_cannot_be_given_as_text()
    {
        var error = Assert.Throws<UnsupportedContentTypeException>(() => _parser.ParseText("%PDF-1.7", "application/pdf"));

        Assert.Contains("application/pdf", error.Message, StringComparison.Ordinal);
    }
}
