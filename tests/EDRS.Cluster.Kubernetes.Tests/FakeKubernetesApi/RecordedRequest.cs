namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>One request the fake API server received, for tests that check what the client sent.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    bool Watch,
    string? LabelSelector,
    string? ResourceVersion,
    string? ContentType,
    string? Body,
    DateTimeOffset At);
