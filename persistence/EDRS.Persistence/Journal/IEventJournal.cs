namespace EDRS.Persistence.Journal;

/// <summary>
/// The event journal: one stream per grain identity, appended with an expected version.
/// An append either commits every event it carries or none; a stream whose version moved
/// since the caller read it fails with <see cref="StreamVersionConflictException"/>, and an append the journal refuses
/// for its data fails alone with <see cref="JournalRejectedException"/>.
/// </summary>
public interface IEventJournal
{
    /// <summary>Appends events to a stream that the caller last saw at <paramref name="append"/>'s expected version (0 = new stream).</summary>
    /// <returns>The stream's version after the append.</returns>
    /// <exception cref="StreamVersionConflictException">Another writer moved the stream.</exception>
    /// <exception cref="JournalRejectedException">
    /// The journal refused the append for its data (text PostgreSQL cannot store, a value too large, ...): nothing was
    /// written and the same append would be refused again. A definite outcome: the caller's state still matches the journal.
    /// </exception>
    /// <exception cref="JournalUnavailableException">The database could not be reached or the outcome is unknown.</exception>
    Task<long> AppendAsync(AppendRequest append, CancellationToken cancellationToken = default);

    /// <summary>Reads a stream's events with a version greater than <paramref name="afterVersion"/>, in order.</summary>
    IAsyncEnumerable<RecordedEvent> ReadAsync(string streamKey, long afterVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stored data of committed events in place (erasure of personal data). Versions, order
    /// and types stay; only the payloads change.
    /// </summary>
    Task RedactAsync(string streamKey, IReadOnlyList<EventRedaction> redactions, CancellationToken cancellationToken = default);
}
