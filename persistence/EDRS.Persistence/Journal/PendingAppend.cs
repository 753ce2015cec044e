using System.Diagnostics;

namespace EDRS.Persistence.Journal;

/// <summary>One append waiting for its group commit, serialized on the caller's thread.</summary>
internal sealed class PendingAppend(AppendRequest request, StoredEvent[] events, long startedAt, ActivityContext parent, CancellationToken cancellationToken)
{
    public AppendRequest Request { get; } = request;

    public StoredEvent[] Events { get; } = events;

    public long StartedAt { get; } = startedAt;

    /// <summary>The caller's trace context (default: untraced); its <c>journal.append</c> span is recorded under it.</summary>
    public ActivityContext Parent { get; } = parent;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string StreamKey => Request.StreamKey;

    public long ExpectedVersion => Request.ExpectedVersion;

    public long NewVersion => Request.ExpectedVersion + Events.Length;
}
