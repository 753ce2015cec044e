namespace EDRS.Persistence.Journal;

/// <summary>
/// The journal refused an append: nothing of it was written, and it will be refused again as it is (the
/// database answered with an error for it alone, or the journal found, before writing, text the database cannot
/// store). A definite outcome, unlike <see cref="JournalUnavailableException"/>: the caller's state still matches
/// the journal, so it keeps running and reports a non-retryable error to whoever sent the data.
/// </summary>
/// <remarks>
/// The message names the stream (control characters and surrogates escaped), the SQL state and the failing field or
/// rule, never the event data.
/// </remarks>
public sealed class JournalRejectedException(string streamKey, string sqlState, string reason)
    : Exception($"The journal refused the append to stream '{StorableText.Printable(streamKey)}' (SQL state {sqlState}: {reason}); nothing of it was written.")
{
    /// <summary>The stream the append was meant for.</summary>
    public string StreamKey { get; } = streamKey;

    /// <summary>
    /// The PostgreSQL SQLSTATE of the refusal: the database's own, or for text refused before writing, the one
    /// PostgreSQL gives that input (<c>22P05</c> for <c>\u0000</c> in JSON, <c>22P02</c> for an unpaired surrogate in JSON,
    /// <c>22021</c> for either in a text column). Class <c>22</c> means the data itself is unstorable.
    /// </summary>
    public string SqlState { get; } = sqlState;

    /// <summary>What was refused, in words safe to log and return: field, rule or constraint names, never data.</summary>
    public string Reason { get; } = reason;
}
