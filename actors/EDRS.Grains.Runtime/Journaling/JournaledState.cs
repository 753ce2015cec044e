using System.Diagnostics;
using System.Text.Json;
using EDRS.Persistence;
using EDRS.Persistence.Journal;
using EDRS.Persistence.Reminders;
using EDRS.Persistence.Serialization;
using EDRS.Persistence.Snapshots;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The event-sourced core every journaled grain holds: recover (latest snapshot, then the tail of
/// events), decide, append with the expected version, evolve, reply. State changes only after the
/// journal has committed, so memory never runs ahead of the journal; when the two may disagree
/// (lost version race, unknown append outcome) the activation stops and the next one recovers. An append the journal
/// refuses for its data is a definite outcome (nothing written): the caller gets an error and the activation runs on.
/// </summary>
/// <remarks>
/// A component rather than a base class: a grain already derives from the service base that
/// Grpc.Tools generates for its contract.
/// </remarks>
public sealed partial class JournaledState<TState, TEvent>(
    GrainActivation activation,
    IEventJournal journal,
    ISnapshotStore snapshots,
    JournalOptions journalOptions,
    GrainOptions grainOptions,
    TState initial,
    Func<TState, TEvent, TState> evolve,
    ILogger logger,
    ISnapshotAttachment<TState>? attachment = null)
    where TState : class
    where TEvent : class
{
    /// <summary>A recovery that takes this long is logged with where its time went.</summary>
    private static readonly TimeSpan SlowRecovery = TimeSpan.FromSeconds(1);

    private readonly RememberedRequests _requests = new(grainOptions.RememberedRequests, grainOptions.RememberedRequestBytes);
    private long _snapshotVersion;

    /// <summary>The state folded from every committed event.</summary>
    public TState State { get; private set; } = initial;

    /// <summary>The stream version <see cref="State"/> is at (0: nothing committed yet).</summary>
    public long Version { get; private set; }

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (snapshot, streamVersion) = await snapshots.LoadAsync(activation.StreamKey, cancellationToken).ConfigureAwait(false);
        var loaded = Stopwatch.GetTimestamp();
        if (snapshot is not null)
        {
            var restored = JsonSerializer.Deserialize<GrainSnapshot<TState>>(snapshot.Json, JournalJson.Options)
                ?? throw new InvalidOperationException($"Snapshot of {activation.StreamKey} is empty.");
            State = snapshot.Attachment is { } bytes && attachment is not null ? attachment.Import(restored.State, bytes) : restored.State;
            Version = _snapshotVersion = snapshot.Version;
            foreach (var request in restored.Requests)
                _requests.Remember(request.Id, request.Reply, request.Fingerprint);
        }
        var restoredAt = Stopwatch.GetTimestamp();

        // The journal is read only when it holds events past the snapshot (as of the load), or when the store cannot tell:
        // a new grain, or one whose snapshot is at the head, recovers from that one read.
        var tail = streamVersion is not { } head || head > Version
            ? journal.ReadAsync(activation.StreamKey, Version, cancellationToken)
            : AsyncEnumerable.Empty<RecordedEvent>();
        await foreach (var recorded in tail.ConfigureAwait(false))
        {
            if (recorded.Version != Version + 1)
                throw new InvalidOperationException(
                    $"Stream {activation.StreamKey} jumps from version {Version} to {recorded.Version}: the journal is damaged.");
            State = evolve(State, recorded.Data as TEvent ?? throw new InvalidOperationException(
                $"Stream {activation.StreamKey} holds a {recorded.Data.GetType().Name} at version {recorded.Version}, which is not a {typeof(TEvent).Name}."));
            Version = recorded.Version;
            if (recorded is { RequestId: { } requestId, Reply: { } reply })
                _requests.Remember(requestId, reply, recorded.Fingerprint);
        }

        // A slow recovery eats into the call that activated the grain: say where the time went.
        if (Stopwatch.GetElapsedTime(started) >= SlowRecovery)
        {
            LogSlowRecovery(logger, activation.StreamKey, snapshot?.Version ?? 0, snapshot?.Json.Length ?? 0, Version - (snapshot?.Version ?? 0),
                Stopwatch.GetElapsedTime(started, loaded).TotalMilliseconds, Stopwatch.GetElapsedTime(loaded, restoredAt).TotalMilliseconds,
                Stopwatch.GetElapsedTime(restoredAt).TotalMilliseconds);
        }

        // A snapshot taken in the background can be lost (the process stopped before it was written): the next recovery
        // would fold the same long tail again, so a recovery that folded a snapshot's worth of events takes one itself.
        if (Version - _snapshotVersion >= journalOptions.SnapshotEvery)
            SaveSnapshotInBackground();
    }

    /// <summary>Runs a command of the grain's own making (its request id is new): see the overload with a fingerprint.</summary>
    public Task<TReply> ExecuteAsync<TReply>(
        string requestId,
        Func<TState, IReadOnlyList<TEvent>> decide,
        Func<TState, long, IReadOnlyList<TEvent>, TReply> reply,
        Func<TState, ReminderWrite?>? remind = null)
        where TReply : IMessage<TReply>, new() =>
        ExecuteAsync(requestId, fingerprint: null, decide, reply, remind);

    /// <summary>
    /// Runs one command: a repeated <paramref name="requestId"/> gets its first answer and no second
    /// event — if it asks for the same thing (<paramref name="fingerprint"/>; FAILED_PRECONDITION
    /// <c>idempotency-key-reused</c> otherwise); else <paramref name="decide"/> yields events (none: nothing to journal),
    /// they are appended at the current version with the request's fingerprint, and only then folded into <see cref="State"/>.
    /// </summary>
    /// <param name="requestId">The caller's request id (its Idempotency-Key).</param>
    /// <param name="fingerprint">What the request asks for (<see cref="RequestFingerprint"/>); null for commands a grain makes up itself.</param>
    /// <param name="remind">
    /// The change the state after the decision asks of the grain's reminder (null: none), committed with the events in the
    /// same statement (<see cref="AppendRequest.Reminder"/>).
    /// </param>
    public async Task<TReply> ExecuteAsync<TReply>(
        string requestId,
        string? fingerprint,
        Func<TState, IReadOnlyList<TEvent>> decide,
        Func<TState, long, IReadOnlyList<TEvent>, TReply> reply,
        Func<TState, ReminderWrite?>? remind = null)
        where TReply : IMessage<TReply>, new()
    {
        if (!GrainIds.IsRequestId(requestId))
            throw GrainException.Invalid("requestId", $"must be {GrainIds.RequestIdRule}");
        if (_requests.TryGet(requestId, out var first))
        {
            RequireSameRequest(first, fingerprint);
            return Unpack<TReply>(requestId, first.Reply);
        }

        var events = decide(State);
        if (events.Count == 0)
            return reply(State, Version, events);

        var next = State;
        foreach (var @event in events)
            next = evolve(next, @event);
        var nextVersion = Version + events.Count;
        var answer = reply(next, nextVersion, events);
        var packed = Any.Pack(answer).ToByteArray();
        try
        {
            await journal.AppendAsync(new AppendRequest(activation.StreamKey, Version, events, requestId, packed, fingerprint, remind?.Invoke(next))).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException)
        {
            activation.StopAfterThisCall();
            LogConflict(logger, activation.StreamKey, Version);
            throw new GrainException(StatusCode.Aborted, "Another activation of this grain wrote first; the call was not applied. Retry it.");
        }
        catch (JournalUnavailableException ex)
        {
            activation.StopAfterThisCall();
            LogUnavailable(logger, ex, activation.StreamKey);
            throw new GrainException(StatusCode.Unavailable, "The journal is unavailable; the call may not have been applied. Retry it with the same request id.");
        }
        catch (JournalRejectedException ex)
        {
            // A definite outcome: nothing was written, so memory still matches the journal and this activation runs on.
            // The request id is not remembered: the same id with storable data is a new request.
            LogRejected(logger, StorableText.Printable(activation.StreamKey), ex.SqlState, ex.Reason);
            throw GrainException.From(ex);
        }

        State = next;
        Version = nextVersion;
        _requests.Remember(requestId, packed, fingerprint);
        if (Version - _snapshotVersion >= journalOptions.SnapshotEvery)
            SaveSnapshotInBackground();
        return answer;
    }

    /// <summary>
    /// Refuses (FAILED_PRECONDITION <c>idempotency-key-reused</c>) a remembered <paramref name="requestId"/> presented with
    /// another <paramref name="fingerprint"/>: for commands that find their first answer outside <see cref="ExecuteAsync{TReply}(string, string?, Func{TState, IReadOnlyList{TEvent}}, Func{TState, long, IReadOnlyList{TEvent}, TReply})"/>
    /// (a session's replied turn).
    /// </summary>
    public void RequireSameRequest(string requestId, string? fingerprint)
    {
        if (_requests.TryGet(requestId, out var first))
            RequireSameRequest(first, fingerprint);
    }

    /// <summary>
    /// The committed events, oldest first, up to <see cref="Version"/>: for the rare question memory no longer answers
    /// (did this grain ever hold X?). Reads the whole stream; never on a hot path.
    /// </summary>
    public async IAsyncEnumerable<TEvent> ReadCommittedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var recorded in journal.ReadAsync(activation.StreamKey, 0, cancellationToken).ConfigureAwait(false))
        {
            if (recorded.Version > Version)
                yield break;
            if (recorded.Data is TEvent e)
                yield return e;
        }
    }

    /// <summary>
    /// Rewrites committed events in place: <paramref name="redact"/> returns a replacement for each event
    /// that holds data to erase (null: keep it). Then snapshots at once, so no stored snapshot still
    /// holds the erased data.
    /// </summary>
    public async Task<int> RedactAsync(Func<TEvent, TEvent?> redact, CancellationToken cancellationToken = default)
    {
        var redactions = new List<EventRedaction>();
        await foreach (var recorded in journal.ReadAsync(activation.StreamKey, 0, cancellationToken).ConfigureAwait(false))
        {
            if (recorded.Version > Version)
                break;
            if (recorded.Data is TEvent e && redact(e) is { } replacement)
                redactions.Add(new EventRedaction(recorded.Version, replacement));
        }
        await journal.RedactAsync(activation.StreamKey, redactions, cancellationToken).ConfigureAwait(false);
        await SaveSnapshotAsync(cancellationToken).ConfigureAwait(false);
        return redactions.Count;
    }

    /// <summary>Snapshots the current state now.</summary>
    public Task SaveSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = TakeSnapshot();
        return snapshots.SaveAsync(snapshot, cancellationToken);
    }

    private Snapshot TakeSnapshot()
    {
        _snapshotVersion = Version;
        return SnapshotOf(State, _requests.ToList(), Version, attachment?.Export(State));
    }

    private Snapshot SnapshotOf(TState state, List<RememberedRequest> requests, long version, byte[]? attached) =>
        new(activation.StreamKey, version, JsonSerializer.Serialize(new GrainSnapshot<TState>(state, requests), JournalJson.Options), attached);

    private void SaveSnapshotInBackground()
    {
        // The state is immutable, so it is serialized off the grain's turn (at its quotas a state's JSON takes tens of
        // milliseconds to write, calls queued behind it would wait); the remembered answers and the attachment are copied
        // here. A lost snapshot only costs recovery time.
        _snapshotVersion = Version;
        var (state, requests, version, attached) = (State, _requests.ToList(), Version, attachment?.Export(State));
        _ = Task.Run(async () =>
        {
            try
            {
                await snapshots.SaveAsync(SnapshotOf(state, requests, version, attached)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogSnapshotFailed(logger, ex, activation.StreamKey, version);
            }
        });
    }

    /// <summary>
    /// The same request id must ask for the same thing. A request remembered without a fingerprint (from a snapshot or
    /// event written before fingerprints were kept, or made up by the grain) is checked by its reply type only.
    /// </summary>
    private static void RequireSameRequest(RememberedRequest first, string? fingerprint)
    {
        if (first.Fingerprint is not null && fingerprint is not null && !string.Equals(first.Fingerprint, fingerprint, StringComparison.Ordinal))
            throw GrainException.RequestIdReused(first.Id);
    }

    private static TReply Unpack<TReply>(string requestId, byte[] packed) where TReply : IMessage<TReply>, new()
    {
        var any = Any.Parser.ParseFrom(packed);
        var descriptor = new TReply().Descriptor;
        // Another kind of reply: the id was used for another operation (a request remembered without a fingerprint).
        return any.Is(descriptor) ? any.Unpack<TReply>() : throw GrainException.RequestIdReused(requestId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamKey} moved past version {Version}: another activation wrote; stopping this one")]
    private static partial void LogConflict(ILogger logger, string streamKey, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal of {StreamKey} is unavailable; the append's outcome is unknown, stopping this activation")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal refused an append to {StreamKey} with SQL state {SqlState} ({Reason}); nothing was written, the activation runs on")]
    private static partial void LogRejected(ILogger logger, string streamKey, string sqlState, string reason);
    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering {StreamKey} was slow: snapshot at version {SnapshotVersion} ({SnapshotChars} characters) read in {ReadMs:0} ms and restored in {RestoreMs:0} ms, then {TailEvents} events folded in {FoldMs:0} ms")]
    private static partial void LogSlowRecovery(
        ILogger logger, string streamKey, long snapshotVersion, int snapshotChars, long tailEvents, double readMs, double restoreMs, double foldMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {StreamKey} at version {Version} was not saved")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string streamKey, long version);
}
