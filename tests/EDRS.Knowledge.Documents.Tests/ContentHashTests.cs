using System.Text;
using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class ContentHashTests
{
    private readonly DocumentParser _parser = new();

    [Fact]
    public void The_hash_is_the_sha256_of_the_canonical_text_in_lowercase_hex()
    {
        var document = _parser.ParseText("abc", "text/plain");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", document.ContentHash);
    }

    [Fact]
    public void Identical_content_has_an_identical_hash_and_changed_content_another()
    {
        var first = _parser.Parse(Encoding.UTF8.GetBytes("# Title\n\nSame words here.\n"), "text/markdown");
        var again = _parser.Parse(Encoding.UTF8.GetBytes("# Title\n\nSame words here.\n"), "text/markdown");
        // Only the container differs: a byte order mark, CR LF line ends, trailing blank lines.
        var repackaged = _parser.Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("# Title\r\n\r\nSame words here.\r\n\r\n\r\n")).ToArray(), "text/markdown");
        var changed = _parser.Parse(Encoding.UTF8.GetBytes("# Title\n\nOther words here.\n"), "text/markdown");

        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.Equal(first.ContentHash, repackaged.ContentHash);
        Assert.NotEqual(first.ContentHash, changed.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", first.ContentHash);
    }

    [Fact]
    public void The_same_text_in_markdown_and_html_has_the_same_hash()
    {
        var markdown = _parser.ParseText("# Title\n\nSome *words*.", "text/markdown");
        var html = _parser.ParseText("<html><body><main><h1>Title</h1><p>Some <em>words</em>.</p></main></body></html>", "text/html");

        Assert.Equal(markdown.Text, html.Text);
        Assert.Equal(markdown.ContentHash, html.ContentHash);
    }
}
