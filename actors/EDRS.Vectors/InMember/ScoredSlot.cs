namespace EDRS.Vectors.InMember;

/// <summary>A candidate of a search: the record's slot and its cosine similarity to the query.</summary>
internal readonly record struct ScoredSlot(int Slot, float Score);
