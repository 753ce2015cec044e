namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// One chunk of a document's canonical text: <paramref name="Text"/> is the text at <c>[Start, End)</c> (UTF-16
/// offsets), <paramref name="FirstPage"/>..<paramref name="LastPage"/> the PDF pages it spans (null for other formats),
/// <paramref name="HeadingPath"/> the headings it sits under.
/// </summary>
public sealed record KnowledgeChunk(
    int Index,
    string Text,
    int Start,
    int End,
    int? FirstPage,
    int? LastPage,
    IReadOnlyList<string> HeadingPath,
    int TokenCount);
