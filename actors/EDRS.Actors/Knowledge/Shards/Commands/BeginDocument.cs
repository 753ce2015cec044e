namespace EDRS.Actors.Knowledge.Shards.Commands;

/// <summary>
/// Start a new version of <paramref name="DocumentId"/> with this content and metadata (nothing happens when the current
/// version has the same <paramref name="ContentHash"/>). <paramref name="SourceUri"/> is "" for none; <paramref name="Pages"/>
/// is 0 for a document without pages.
/// </summary>
public sealed record BeginDocument(
    string DocumentId,
    string ContentHash,
    string Title,
    string ContentType,
    string SourceUri,
    IReadOnlyList<string> Tags,
    int Pages) : KnowledgeShardCommand;
