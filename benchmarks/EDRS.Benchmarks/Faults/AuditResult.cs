namespace EDRS.Benchmarks.Faults;

/// <summary>What the journal, read directly from PostgreSQL, says about the acknowledged commands.</summary>
/// <param name="Acked">Acknowledged commands checked.</param>
/// <param name="Lost">Acknowledged commands with no event in the journal.</param>
/// <param name="Duplicated">Request ids (acknowledged or not) whose event is in the journal more than once.</param>
/// <param name="Misplaced">Acknowledged commands whose one event is not at the stream and version the acknowledgement named.</param>
/// <param name="ForkedStreams">Streams whose versions are not exactly 1..n, or whose stream row disagrees with its events.</param>
/// <param name="Streams">Streams checked.</param>
/// <param name="Events">Events checked.</param>
/// <param name="UnresolvedApplied">Commands given up on (outcome unknown to the caller) that did commit, once each.</param>
/// <param name="Folded">Every persona's state folded from its events, for the re-activation check.</param>
/// <param name="Examples">A few offending request ids or streams, for the report.</param>
internal sealed record AuditResult(
    long Acked,
    long Lost,
    long Duplicated,
    long Misplaced,
    long ForkedStreams,
    long Streams,
    long Events,
    long UnresolvedApplied,
    IReadOnlyDictionary<string, FoldedPersona> Folded,
    IReadOnlyList<string> Examples)
{
    public bool Clean => Lost == 0 && Duplicated == 0 && Misplaced == 0 && ForkedStreams == 0;
}
