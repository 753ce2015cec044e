namespace EDRS.Actors.Memory.Supersession;

/// <summary>A newer memory that updates an older one.</summary>
public readonly record struct SupersessionLink(long Older, long Newer);
