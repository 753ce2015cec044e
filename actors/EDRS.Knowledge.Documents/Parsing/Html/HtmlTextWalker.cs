using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace EDRS.Knowledge.Documents.Parsing.Html;

/// <summary>
/// Walks a DOM subtree and adds its text to the canonical text as blocks. Block-level elements end the running text;
/// headings become heading blocks, list items list-item blocks with their marker (<c>- </c>, or the item's number for
/// <c>ol</c>), <c>pre</c> a code block, a data table one table block (a table whose cells hold paragraphs or lists is
/// layout, and is read as ordinary blocks). Inline elements only contribute their text; <c>br</c> is a line break.
/// The walk uses its own stack, so deeply nested markup cannot overflow the thread's stack.
/// </summary>
internal sealed class HtmlTextWalker(CanonicalTextBuilder builder)
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "legend", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul", "search", "listing", "xmp", "plaintext",
    };

    private readonly StringBuilder _inline = new();
    private readonly List<Context> _contexts = [];

    public void Walk(IEnumerable<IElement> roots)
    {
        foreach (var root in roots)
            Walk(root);
    }

    private void Walk(IElement root)
    {
        var stack = new Stack<(INode Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (exit)
            {
                Flush();
                _contexts.RemoveAt(_contexts.Count - 1);
                continue;
            }
            if (node is IText text)
            {
                AppendInline(text.Data);
                continue;
            }
            if (node is not IElement element || HtmlMainContent.IsDropped(element))
                continue; // comments, processing instructions, furniture, hidden

            var name = element.LocalName;
            if (name == "br")
            {
                _inline.Append('\n');
                continue;
            }
            if (name is "pre" or "listing" or "xmp" or "plaintext")
            {
                Flush();
                builder.Add(BlockKind.Code, StripLeadingNewline(element.TextContent));
                continue;
            }
            if (name == "table" && element is IHtmlTableElement table && !IsLayoutTable(table))
            {
                Flush();
                AddTable(table);
                continue;
            }
            if (BlockElements.Contains(name))
            {
                Flush();
                _contexts.Add(EnterBlock(element));
                stack.Push((element, true));
            }
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
                stack.Push((children[i], false));
        }
        Flush();
    }

    private Context EnterBlock(IElement element)
    {
        var name = element.LocalName;
        var context = new Context(name);
        if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
            context.HeadingLevel = name[1] - '0';
        else if (name is "ol" or "ul" or "dir")
            context.NextNumber = name == "ol" && int.TryParse(element.GetAttribute("start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
        else if (name == "li")
        {
            var list = _contexts.FindLast(c => c.Name is "ol" or "ul" or "dir");
            context.Marker = list?.Name == "ol" ? $"{list.NextNumber++}. " : "- ";
        }
        return context;
    }

    private void Flush()
    {
        if (_inline.Length == 0)
            return;
        var hasText = false;
        foreach (var chunk in _inline.GetChunks())
        {
            if (!chunk.Span.IsWhiteSpace())
            {
                hasText = true;
                break;
            }
        }
        if (!hasText)
        {
            _inline.Clear();
            return;
        }

        // The innermost heading or list item decides what the text is; a paragraph inside a list item is list-item text.
        var kind = BlockKind.Paragraph;
        var level = 0;
        Context? item = null;
        for (var i = _contexts.Count - 1; i >= 0; i--)
        {
            var context = _contexts[i];
            if (context.HeadingLevel > 0)
            {
                kind = BlockKind.Heading;
                level = context.HeadingLevel;
                break;
            }
            if (context.Marker is not null)
            {
                kind = BlockKind.ListItem;
                item = context;
                break;
            }
        }
        if (item is { MarkerUsed: false })
        {
            _inline.Insert(0, item.Marker);
            item.MarkerUsed = true;
        }
        builder.Add(kind, _inline.ToString(), level);
        _inline.Clear();
    }

    /// <summary>Source whitespace (line breaks included) is only a space; line breaks in the text come from <c>br</c>.</summary>
    private void AppendInline(string data)
    {
        foreach (var c in data)
            _inline.Append(char.IsWhiteSpace(c) ? ' ' : c);
    }

    private void AddTable(IHtmlTableElement table)
    {
        if (table.Caption is { } caption && !HtmlMainContent.IsDropped(caption))
            builder.Add(BlockKind.Paragraph, CollectText(caption));
        var rows = new StringBuilder();
        var cells = new List<string>();
        foreach (var row in table.Rows)
        {
            if (HtmlMainContent.IsDropped(row))
                continue;
            cells.Clear();
            foreach (var cell in row.Cells)
            {
                if (!HtmlMainContent.IsDropped(cell))
                    cells.Add(CollectText(cell).Trim());
            }
            if (cells.TrueForAll(string.IsNullOrWhiteSpace))
                continue;
            if (rows.Length > 0)
                rows.Append('\n');
            rows.AppendJoin(" | ", cells);
        }
        builder.Add(BlockKind.Table, rows.ToString());
    }

    /// <summary>The visible text of an element on one line (every whitespace, <c>br</c> included, becomes a space).</summary>
    private static string CollectText(IElement element)
    {
        var text = new StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(element);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IText t)
            {
                foreach (var c in t.Data)
                    text.Append(char.IsWhiteSpace(c) ? ' ' : c);
                continue;
            }
            if (node is not IElement e || (e != element && HtmlMainContent.IsDropped(e)))
                continue;
            if (e.LocalName == "br" || (e != element && BlockElements.Contains(e.LocalName)))
                text.Append(' ');
            var children = e.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
                stack.Push(children[i]);
        }
        return text.ToString();
    }

    /// <summary>A table used to lay out a page rather than to hold data: its cells hold blocks (or other tables).</summary>
    private static bool IsLayoutTable(IHtmlTableElement table) =>
        table.QuerySelector("table, p, div, ul, ol, h1, h2, h3, h4, h5, h6, pre, blockquote") is not null;

    // HTML drops one line break right after <pre>; TextContent keeps it.
    private static string StripLeadingNewline(string text) =>
        text.StartsWith("\r\n", StringComparison.Ordinal) ? text[2..] : text.StartsWith('\n') ? text[1..] : text;

    private sealed class Context(string name)
    {
        public string Name { get; } = name;
        public int HeadingLevel { get; set; }
        public string? Marker { get; set; }
        public bool MarkerUsed { get; set; }
        public int NextNumber { get; set; } = 1;
    }
}
