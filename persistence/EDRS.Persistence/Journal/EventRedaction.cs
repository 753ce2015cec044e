namespace EDRS.Persistence.Journal;

/// <summary>New data for the committed event at <paramref name="Version"/>; it must be of the same event type.</summary>
public sealed record EventRedaction(long Version, object Data);
