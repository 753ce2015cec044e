namespace EDRS.Benchmarks.Memory;

/// <summary>
/// Ground truth: a later memory about the same person that looks like an update of an earlier one but is about
/// another subject, so the earlier memory is NOT superseded by it (a naive same-person, same-kind rule would say it is).
/// </summary>
internal sealed record EvalLookalike
{
    public required string Earlier { get; init; }

    public required string Later { get; init; }

    /// <summary>Why the later memory is not an update of the earlier one.</summary>
    public required string Note { get; init; }
}
