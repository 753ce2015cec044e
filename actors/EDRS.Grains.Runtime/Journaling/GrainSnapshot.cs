namespace EDRS.Grains.Runtime;

/// <summary>What a snapshot holds: the grain's state and the request ids it remembers.</summary>
public sealed record GrainSnapshot<TState>(TState State, List<RememberedRequest> Requests);
