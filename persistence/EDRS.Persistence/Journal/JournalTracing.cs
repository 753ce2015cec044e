using System.Diagnostics;

namespace EDRS.Persistence.Journal;

/// <summary>
/// Traces of the journal (activity source <c>EDRS.Journal</c>).
/// </summary>
/// <remarks>
/// A group commit serves many traces at once, so it is traced twice over:
/// <list type="bullet">
/// <item><c>journal.append</c>, one span per append, a child of the caller's span (the grain call) and so in the
/// request's own trace, from the moment the append was queued to the moment its batch committed — the latency
/// the caller actually saw, queueing included. It is recorded when the batch commits, with its real start
/// time, so nothing is allocated per append while it waits.</item>
/// <item><c>journal.commit</c>, one span per batch, in a trace of its own, with a link to every append it
/// carried; the SQL statement's span (Npgsql instrumentation) is its child. Each <c>journal.append</c> links back
/// to it.</item>
/// </list>
/// One batch span with links only would leave the request's trace without its journal step (links are not
/// parents); parenting the one batch span on a single request would misattribute the other requests' appends.
/// </remarks>
public static class JournalTracing
{
    public const string SourceName = "EDRS.Journal";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartCommit(List<PendingAppend> batch, int eventCount)
    {
        if (!Source.HasListeners())
            return null;
        var links = new List<ActivityLink>(batch.Count);
        foreach (var append in batch)
        {
            if (append.Parent != default)
                links.Add(new ActivityLink(append.Parent));
        }
        // A root on purpose: the batch belongs to no single request (see the remarks).
        var activity = Source.StartActivity(ActivityKind.Internal, parentContext: default, links: links, name: "journal.commit");
        activity?.SetTag("edrs.journal.batch.size", batch.Count);
        activity?.SetTag("edrs.journal.batch.events", eventCount);
        return activity;
    }

    /// <summary>Records the <c>journal.append</c> span of one append, now that its batch has an outcome.</summary>
    internal static void RecordAppend(PendingAppend append, Activity? commit, int batchSize, DateTime committedAt, long committedTimestamp, string? error)
    {
        if (append.Parent == default || !Source.HasListeners())
            return;
        var startedAt = committedAt - Stopwatch.GetElapsedTime(append.StartedAt, committedTimestamp);
        ActivityLink[]? links = commit is null ? null : [new ActivityLink(commit.Context)];
        using var activity = Source.StartActivity(ActivityKind.Internal, append.Parent, links: links, startTime: startedAt, name: "journal.append");
        if (activity is null)
            return;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("edrs.journal.stream", append.StreamKey);
            activity.SetTag("edrs.journal.expected_version", append.ExpectedVersion);
            activity.SetTag("edrs.journal.events", append.Events.Length);
            activity.SetTag("edrs.journal.batch.size", batchSize);
            if (error is not null)
            {
                activity.SetTag("error.type", error);
                activity.SetStatus(ActivityStatusCode.Error, error);
            }
        }
        activity.SetEndTime(committedAt);
    }
}
