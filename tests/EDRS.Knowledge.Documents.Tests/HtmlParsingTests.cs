using System.Text;
using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Knowledge.Documents.Tests;

public sealed class HtmlParsingTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><title>Refund   policy &ndash; Acme</title><style>body{color:red}</style><script>var secret = 1;</script></head>
        <body>
        <header><a href="/">Acme home</a><nav><ul><li><a href="/a">Home</a></li><li>Products</li></ul></nav></header>
        <div class="layout">
        <aside>Related links</aside>
        <main>
          <article>
            <header><h1>Refund   policy</h1><p class="byline">By the support team</p></header>
            <p>Customers can ask for a refund   within <b>30&nbsp;days</b> &amp; keep the receipt.
               Caf&eacute; purchases are final.</p>
            <div hidden>Hidden text</div>
            <p style="display: none">Invisible text</p>
            <span aria-hidden="true">Icon text</span>
            <div role="navigation">Breadcrumbs</div>
            <h2>How to ask</h2>
            <ol start="2"><li>Open a <em>ticket</em>.</li><li><p>Attach the receipt.</p><ul><li>PDF or photo</li></ul></li></ol>
            <table><caption>Limits</caption><thead><tr><th>Plan</th><th>Days</th></tr></thead>
              <tbody><tr><td>Basic</td><td>30</td></tr><tr><td>Pro<br>plus</td><td>60</td></tr></tbody></table>
            <pre><code>POST /refunds
          {"id": 1}</code></pre>
            <p>Line one<br>Line two</p>
            <form><label>Email</label><input name="e"><button>Send</button></form>
            <noscript>Enable JavaScript</noscript>
          </article>
        </main>
        </div>
        <footer>Copyright Acme</footer>
        <script>tracking();</script>
        </body></html>
        """;

    private readonly DocumentParser _parser = new();

    [Fact]
    public void Html_main_text_drops_navigation_furniture_scripts_forms_and_hidden_elements()
    {
        var document = _parser.Parse(Encoding.UTF8.GetBytes(Page));

        Assert.Equal(DocumentContentTypes.Html, document.ContentType);
        Assert.Equal(
            """
            Refund policy

            By the support team

            Customers can ask for a refund within 30 days & keep the receipt. Café purchases are final.

            How to ask

            2. Open a ticket.
            3. Attach the receipt.
            - PDF or photo

            Limits

            Plan | Days
            Basic | 30
            Pro plus | 60

            POST /refunds
              {"id": 1}

            Line one
            Line two
            """,
            document.Text);
        foreach (var dropped in new[] { "Acme home", "Home", "Products", "Related links", "Hidden text", "Invisible text", "Icon text",
                     "Breadcrumbs", "Email", "Send", "Enable JavaScript", "Copyright", "secret", "tracking", "color:red" })
            Assert.DoesNotContain(dropped, document.Text, StringComparison.Ordinal);
        Assert.Equal("Refund policy – Acme", document.Title);
    }

    [Fact]
    public void Html_headings_lists_tables_and_preformatted_text_become_blocks_with_heading_paths()
    {
        var document = _parser.ParseText(Page, "text/html");

        Assert.Equal(
            [BlockKind.Heading, BlockKind.Paragraph, BlockKind.Paragraph, BlockKind.Heading, BlockKind.ListItem, BlockKind.ListItem,
             BlockKind.ListItem, BlockKind.Paragraph, BlockKind.Table, BlockKind.Code, BlockKind.Paragraph],
            document.Blocks.Select(b => b.Kind));
        Assert.Equal([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0], document.Blocks.Select(b => b.HeadingLevel));
        Assert.Equal(["Refund policy"], document.Blocks[2].HeadingPath);
        Assert.All(document.Blocks.Skip(3), b => Assert.Equal(["Refund policy", "How to ask"], b.HeadingPath));
    }

    [Fact]
    public void Html_without_a_main_element_reads_the_body_without_its_furniture()
    {
        const string html = """
            <html><body>
            <nav>Menu</nav><header><h1>Site name</h1></header>
            <section><h1>Release notes</h1><p>Version 2 adds search.</p></section>
            <div class="sidebar" role="complementary">Popular posts</div>
            <footer><p>Contact us</p></footer>
            </body></html>
            """;

        var document = _parser.Parse(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal("Release notes\n\nVersion 2 adds search.", document.Text);
    }

    [Fact]
    public void Html_articles_are_the_main_text_when_there_is_no_main_element()
    {
        const string html = """
            <html><body><div class="menu"><a href="/">Everything else</a></div>
            <article><h2>First post</h2><p>One.</p></article>
            <article><h2>Second post</h2><p>Two.</p></article>
            </body></html>
            """;

        var document = _parser.Parse(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal("First post\n\nOne.\n\nSecond post\n\nTwo.", document.Text);
    }

    [Fact]
    public void Html_charset_declared_in_the_page_is_honoured()
    {
        var latin1 = Encoding.Latin1.GetBytes("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\u00e9 cr\u00e8me</p></body></html>");
        var utf8WithoutDeclaration = Encoding.UTF8.GetBytes("<html><body><p>Thumbs 👍🏽 and caf\u00e9</p></body></html>");

        Assert.Equal("Caf\u00e9 cr\u00e8me", _parser.Parse(latin1).Text);
        Assert.Equal("Thumbs 👍🏽 and caf\u00e9", _parser.Parse(utf8WithoutDeclaration).Text);
    }

    [Fact]
    public void A_layout_table_is_read_as_blocks_not_as_one_table()
    {
        const string html = "<html><body><table><tr><td><h1>Title</h1><p>First paragraph.</p></td><td><p>Second paragraph.</p></td></tr></table></body></html>";

        var document = _parser.Parse(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal("Title\n\nFirst paragraph.\n\nSecond paragraph.", document.Text);
        Assert.Equal([BlockKind.Heading, BlockKind.Paragraph, BlockKind.Paragraph], document.Blocks.Select(b => b.Kind));
    }

    [Fact]
    public void Deeply_nested_html_does_not_overflow_the_stack()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><span>", 20_000)) + "deep text" + "</body></html>";

        var document = _parser.Parse(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal("deep text", document.Text);
    }
}
