using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using EDRS.Knowledge.Documents.Parsing.Html;

namespace EDRS.Knowledge.Documents.Parsing.Markdown;

/// <summary>
/// <c>text/markdown</c> with Markdig (CommonMark, plus pipe and grid tables, task lists, extra emphasis, auto-links and
/// YAML front matter, which is dropped). The canonical text is what a reader sees, not the syntax: headings without
/// <c>#</c>, emphasis and links reduced to their text (link targets dropped, an image to its alt text), inline code
/// without backticks, list items with a <c>- </c> or <c>N. </c> marker, code blocks verbatim, tables as rows of cells,
/// quotes as their paragraphs, raw HTML blocks through the HTML rules (scripts and furniture dropped).
/// </summary>
internal static class MarkdownDocumentParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseYamlFrontMatter()
        .Build();

    public static void Parse(string markdown, CanonicalTextBuilder builder)
    {
        MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(TextHygiene.Clean(markdown), Pipeline);
        }
        catch (ArgumentException e)
        {
            // Markdig refuses a syntax tree deeper than its limit (quotes in quotes, lists in lists, runs of emphasis)
            // rather than overflow the stack; no real document comes near it.
            throw new DocumentParseException(
                $"The Markdown nests quotes, lists or emphasis more than {Pipeline.MaximumNestingDepth} levels deep: send it as {DocumentContentTypes.PlainText}.", e);
        }
        var inline = new StringBuilder();

        // Its own stack: documents can nest quotes and lists deeply. Each entry carries the list item it is inside.
        var stack = new Stack<(Block Block, ListItemState? Item)>();
        for (var i = document.Count - 1; i >= 0; i--)
            stack.Push((document[i], null));
        while (stack.Count > 0)
        {
            var (block, item) = stack.Pop();
            switch (block)
            {
                case YamlFrontMatterBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup or LinkReferenceDefinition or BlankLineBlock:
                    break;
                case HeadingBlock heading:
                    builder.Add(BlockKind.Heading, InlineText(heading.Inline, inline), heading.Level);
                    break;
                case HtmlBlock html:
                    if (html.Type != HtmlBlockType.Comment)
                        HtmlDocumentParser.ParseFragment(html.Lines.ToString(), builder);
                    break;
                case CodeBlock code: // fenced or indented
                    builder.Add(BlockKind.Code, code.Lines.ToString());
                    break;
                case Table table:
                    builder.Add(BlockKind.Table, TableText(table, inline));
                    break;
                case ListItemBlock listItem:
                    var list = listItem.Parent as ListBlock;
                    var marker = list is { IsOrdered: true } ? $"{listItem.Order}. " : "- ";
                    PushChildren(stack, listItem, new ListItemState(marker));
                    break;
                case ContainerBlock container: // lists, quotes, other extension containers
                    PushChildren(stack, container, item);
                    break;
                case LeafBlock leaf:
                    var text = leaf.Inline is not null ? InlineText(leaf.Inline, inline) : leaf.Lines.ToString();
                    if (item is null)
                    {
                        builder.Add(BlockKind.Paragraph, text);
                    }
                    else
                    {
                        builder.Add(BlockKind.ListItem, item.Used ? text : item.Marker + text);
                        item.Used = true;
                    }
                    break;
            }
        }
    }

    private static void PushChildren(Stack<(Block, ListItemState?)> stack, ContainerBlock container, ListItemState? item)
    {
        for (var i = container.Count - 1; i >= 0; i--)
            stack.Push((container[i], item));
    }

    private static string TableText(Table table, StringBuilder scratch)
    {
        var rows = new StringBuilder();
        var cells = new List<string>();
        foreach (var row in table.OfType<TableRow>())
        {
            cells.Clear();
            foreach (var cell in row.OfType<TableCell>())
            {
                var parts = cell.Descendants<LeafBlock>()
                    .Select(leaf => leaf.Inline is not null ? InlineText(leaf.Inline, scratch) : leaf.Lines.ToString())
                    .Where(part => !string.IsNullOrWhiteSpace(part));
                cells.Add(string.Join(' ', parts).Replace('\n', ' ').Trim());
            }
            if (cells.TrueForAll(string.IsNullOrWhiteSpace))
                continue;
            if (rows.Length > 0)
                rows.Append('\n');
            rows.AppendJoin(" | ", cells);
        }
        return rows.ToString();
    }

    /// <summary>The readable text of a block's inlines: soft line breaks are spaces, hard ones line breaks.</summary>
    private static string InlineText(ContainerInline? root, StringBuilder text)
    {
        text.Clear();
        if (root?.FirstChild is null)
            return string.Empty;
        var stack = new Stack<Inline>();
        stack.Push(root.FirstChild);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NextSibling is not null)
                stack.Push(node.NextSibling);
            switch (node)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.Text.AsSpan(literal.Content.Start, literal.Content.Length));
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.Text.AsSpan(entity.Transcoded.Start, entity.Transcoded.Length));
                    break;
                case LineBreakInline lineBreak:
                    text.Append(lineBreak.IsHard ? '\n' : ' ');
                    break;
                case TaskList task:
                    text.Append(task.Checked ? "[x] " : "[ ] ");
                    break;
                case HtmlInline html:
                    // Tags carry no text (the text between them is literal); a <br> is a line break.
                    if (html.Tag.StartsWith("<br", StringComparison.OrdinalIgnoreCase))
                        text.Append('\n');
                    break;
                case ContainerInline container when container.FirstChild is not null:
                    // Emphasis, links (their text; the target is dropped), images (their alt text).
                    stack.Push(container.FirstChild);
                    break;
            }
        }
        return text.ToString();
    }

    private sealed class ListItemState(string marker)
    {
        public string Marker { get; } = marker;
        public bool Used { get; set; }
    }
}
