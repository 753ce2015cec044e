namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>How the fake API server misbehaves, for every request that arrives while it is set.</summary>
public enum ApiFault
{
    /// <summary>Answers as the API documentation describes.</summary>
    None,

    /// <summary>Answers 500 with a Status object (reason InternalError), as an overloaded or broken API server does.</summary>
    ServerError,

    /// <summary>Accepts the connection and never answers: the client's deadline has to end the call.</summary>
    Hang,
}
