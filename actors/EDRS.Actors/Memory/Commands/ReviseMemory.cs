namespace EDRS.Actors.Memory.Commands;

/// <summary>Correct a memory's text (its origin was revised); <paramref name="Vector"/> embeds the new text.</summary>
public sealed record ReviseMemory(long Id, string Text, float[] Vector) : MemoryCommand;
