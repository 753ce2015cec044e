namespace EDRS.Actors.Memory.Commands;

/// <summary>A judge's verdict on a new memory: the held memory it updates (null: none of those it was shown).</summary>
public sealed record JudgedUpdate(long? UpdatesId);
