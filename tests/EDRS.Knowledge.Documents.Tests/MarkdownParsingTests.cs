using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class MarkdownParsingTests
{
    private readonly DocumentParser _parser = new();

    [Fact]
    public void Markdown_headings_become_the_heading_paths_of_the_blocks_under_them()
    {
        const string markdown = """
            # Handbook

            Intro.

            ## Billing

            Billing text.

            ### Refunds

            - first item
            - second item

            ## Support

            Support text.

            # Appendix

            Appendix text.
            """;

        var document = _parser.ParseText(markdown, "text/markdown");

        Assert.Equal(["Handbook"], PathOf(document, "Intro."));
        Assert.Equal(["Handbook", "Billing"], PathOf(document, "Billing text."));
        Assert.Equal(["Handbook", "Billing", "Refunds"], PathOf(document, "Refunds"));
        Assert.Equal(["Handbook", "Billing", "Refunds"], PathOf(document, "- first item"));
        Assert.Equal(["Handbook", "Billing", "Refunds"], PathOf(document, "- second item"));
        Assert.Equal(["Handbook", "Support"], PathOf(document, "Support text."));
        Assert.Equal(["Appendix"], PathOf(document, "Appendix text."));
        var refunds = document.Blocks.Single(b => document.Text[b.Start..b.End] == "Refunds");
        Assert.Equal((BlockKind.Heading, 3), (refunds.Kind, refunds.HeadingLevel));
        Assert.Equal("Handbook", document.Title);
    }

    [Fact]
    public void Markdown_canonical_text_is_the_readable_text_without_syntax()
    {
        const string markdown = """
            ---
            title: front matter is dropped
            ---
            # Handbook

            Welcome to the *handbook*, see [the guide](https://example.com/guide) and `inline code`.
            A soft break continues the paragraph.  
            A hard break starts a line.

            ![Architecture diagram](arch.png)

            ## Billing

            3. Third item
            4. Fourth **item**
               - nested bullet
               - [x] done task

            > Quoted text &amp; more.

            ```csharp
            var x = 1;
                indented();
            ```

            | Name | Value |
            |------|-------|
            | a    | 1     |
            | b    | `2`   |

            <div class="note"><script>alert(1)</script><p>Raw HTML note</p></div>

            ---

            Setext heading
            --------------

            Final paragraph.
            """;

        var document = _parser.Parse(System.Text.Encoding.UTF8.GetBytes(markdown), fileName: "handbook.md");

        Assert.Equal(DocumentContentTypes.Markdown, document.ContentType);
        Assert.Equal(
            """
            Handbook

            Welcome to the handbook, see the guide and inline code. A soft break continues the paragraph.
            A hard break starts a line.

            Architecture diagram

            Billing

            3. Third item
            4. Fourth item
            - nested bullet
            - [x] done task

            Quoted text & more.

            var x = 1;
                indented();

            Name | Value
            a | 1
            b | 2

            Raw HTML note

            Setext heading

            Final paragraph.
            """,
            document.Text);
        Assert.Equal(
            [BlockKind.Heading, BlockKind.Paragraph, BlockKind.Paragraph, BlockKind.Heading, BlockKind.ListItem, BlockKind.ListItem,
             BlockKind.ListItem, BlockKind.ListItem, BlockKind.Paragraph, BlockKind.Code, BlockKind.Table, BlockKind.Paragraph,
             BlockKind.Heading, BlockKind.Paragraph],
            document.Blocks.Select(b => b.Kind));
        Assert.Equal(["Handbook", "Setext heading"], PathOf(document, "Final paragraph."));
        Assert.DoesNotContain("alert", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_markdown_is_walked_without_recursion()
    {
        var markdown = string.Concat(Enumerable.Repeat("> ", 100)) + "deep quote\n\n" +
            string.Concat(Enumerable.Range(0, 50).Select(i => new string(' ', i * 2) + "- item " + i + "\n"));

        var document = _parser.ParseText(markdown, "text/markdown");

        Assert.Equal(BlockKind.Paragraph, document.Blocks[0].Kind);
        Assert.Equal("deep quote", document.Text[document.Blocks[0].Start..document.Blocks[0].End]);
        Assert.Equal(51, document.Blocks.Count);
        Assert.All(document.Blocks.Skip(1), b => Assert.Equal(BlockKind.ListItem, b.Kind));
    }

    [Fact]
    public void Markdown_nested_beyond_the_parser_limit_is_a_clear_error()
    {
        var markdown = string.Concat(Enumerable.Repeat("> ", 5_000)) + "deep quote";

        var error = Assert.Throws<DocumentParseException>(() => _parser.ParseText(markdown, "text/markdown"));

        Assert.Contains("levels deep", error.Message, StringComparison.Ordinal);
        Assert.Contains("text/plain", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> PathOf(ParsedDocument document, string text) =>
        document.Blocks.Single(b => document.Text[b.Start..b.End] == text).HeadingPath;
}
