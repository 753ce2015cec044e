using EDRS.Persistence.Reminders;

namespace EDRS.Persistence.Journal;

/// <summary>
/// The events one command produced for one stream.
/// </summary>
/// <param name="StreamKey">The stream, e.g. <c>persona/{tenant}/{id}</c>.</param>
/// <param name="ExpectedVersion">The version the writer decided on (0 for a new stream).</param>
/// <param name="Events">Domain events, at least one; their CLR types must be mapped in the <see cref="EventTypes.EventTypeMap"/>.</param>
/// <param name="RequestId">The command's request id, stored as the events' causation id (idempotency survives restarts).</param>
/// <param name="Reply">The serialized reply to the command, stored with its last event so a repeated request gets the first answer.</param>
/// <param name="Fingerprint">
/// What the command asked for (a short hash), stored beside the reply so a request id reused for another request is
/// recognised after recovery too. Lowercase hex.
/// </param>
/// <param name="Reminder">A change to the grain's reminder committed with the events (none: the reminder table is not touched).</param>
public sealed record AppendRequest(
    string StreamKey,
    long ExpectedVersion,
    IReadOnlyList<object> Events,
    string? RequestId = null,
    byte[]? Reply = null,
    string? Fingerprint = null,
    ReminderWrite? Reminder = null);
