using System.Collections.Concurrent;
using System.Diagnostics;
using EDRS.Persistence.Journal;

namespace EDRS.Persistence.Tests;

/// <summary>
/// Records the journal's <c>journal.commit</c> spans. Each links to the appends it carried (their callers' trace
/// contexts), so a test that gives its appends a trace of their own can tell how they were batched.
/// </summary>
public sealed class CommitSpans : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _commits = new();

    public CommitSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == JournalTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // At start: the links are set then, and the appends may complete before the span ends.
            ActivityStarted = activity =>
            {
                if (activity.OperationName == "journal.commit")
                    _commits.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>A fresh trace context for a test's appends.</summary>
    public static ActivityContext NewTrace() =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    /// <summary>The most appends of <paramref name="trace"/> that one group commit carried.</summary>
    public int LargestBatchOf(ActivityTraceId trace) =>
        _commits.Select(c => c.Links.Count(l => l.Context.TraceId == trace)).DefaultIfEmpty(0).Max();

    public void Dispose() => _listener.Dispose();
}
