using System.Text;

namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// Builds the canonical text block by block, the one place that decides its shape, so every format yields the same kind
/// of text: blocks separated by a blank line (consecutive list items by one line break); inside a heading every run of
/// whitespace becomes one space; inside a paragraph, list item or table a run of whitespace becomes one space, or one
/// line break if it contained one; code keeps its lines and indentation (trailing spaces and blank edge lines removed).
/// Every character passes <see cref="TextHygiene"/>. Empty blocks are dropped. Also tracks the heading path.
/// </summary>
internal sealed class CanonicalTextBuilder
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _scratch = new();
    private readonly List<DocumentBlock> _blocks = [];
    private readonly List<(int Level, string Text)> _headings = [];
    private IReadOnlyList<string> _path = [];

    /// <summary>The text of the first level-1 heading, a title for formats that state none.</summary>
    public string? FirstTopHeading { get; private set; }

    public int BlockCount => _blocks.Count;

    /// <summary>Adds a block; <paramref name="text"/> may be raw (whitespace and control characters are normalised here).</summary>
    public void Add(BlockKind kind, ReadOnlySpan<char> text, int headingLevel = 0, int? page = null)
    {
        _scratch.Clear();
        TextHygiene.AppendClean(_scratch, text);
        var separator = _blocks.Count == 0 ? string.Empty : _blocks[^1].Kind == BlockKind.ListItem && kind == BlockKind.ListItem ? "\n" : "\n\n";
        var mark = _text.Length;
        _text.Append(separator);
        var start = _text.Length;
        if (kind == BlockKind.Code)
            AppendCode(_scratch);
        else
            AppendCollapsed(_scratch, keepLineBreaks: kind != BlockKind.Heading);
        if (_text.Length == start)
        {
            _text.Length = mark; // nothing readable: no block, no separator
            return;
        }

        var end = _text.Length;
        if (kind == BlockKind.Heading)
        {
            var level = Math.Clamp(headingLevel, 1, 6);
            var heading = _text.ToString(start, end - start);
            while (_headings.Count > 0 && _headings[^1].Level >= level)
                _headings.RemoveAt(_headings.Count - 1);
            _headings.Add((level, heading));
            var withSelf = _headings.Select(h => h.Text).ToArray();
            _blocks.Add(new DocumentBlock(kind, start, end, level, withSelf, page));
            // Blocks under this heading share one path instance.
            _path = withSelf;
            if (level == 1)
                FirstTopHeading ??= heading;
            return;
        }
        _blocks.Add(new DocumentBlock(kind, start, end, 0, _path, page));
    }

    public (string Text, IReadOnlyList<DocumentBlock> Blocks) Build() => (_text.ToString(), _blocks.ToArray());

    private void AppendCollapsed(StringBuilder source, bool keepLineBreaks)
    {
        var start = _text.Length;
        var pendingSpace = false;
        var pendingBreak = false;
        foreach (var chunk in source.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = true;
                    pendingBreak |= keepLineBreaks && c == '\n';
                    continue;
                }
                if (_text.Length > start && pendingSpace)
                    _text.Append(pendingBreak ? '\n' : ' ');
                pendingSpace = pendingBreak = false;
                _text.Append(c);
            }
        }
    }

    private void AppendCode(StringBuilder source)
    {
        var code = source.ToString().AsSpan();
        var start = _text.Length;
        var blankLines = 0;
        foreach (var range in code.Split('\n'))
        {
            var line = code[range].TrimEnd();
            if (line.IsEmpty)
            {
                blankLines++;
                continue;
            }
            if (_text.Length > start)
                _text.Append('\n', blankLines + 1);
            blankLines = 0;
            _text.Append(line);
        }
    }
}
