namespace EDRS.Persistence.Journal;

/// <summary>
/// The journal could not be written or read. For an append the outcome is unknown: the events may or
/// may not have committed, so the writer must reload the stream before deciding again.
/// </summary>
public sealed class JournalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
