namespace EDRS.Actors.Knowledge.Shards;

/// <summary>A chunk as the shard's indexes take it: its id, document, embedding and the text its lexical ranking reads.</summary>
public sealed record IndexedChunk(string Key, string DocumentId, float[] Vector, string LexicalText);
