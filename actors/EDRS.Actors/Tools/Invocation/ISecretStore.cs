namespace EDRS.Actors.Tools.Invocation;

/// <summary>
/// Where tool and webhook secrets come from at call time, by the name a definition references: never from the journal.
/// The product reads them from configuration, <c>Secrets:{tenant}:{name}</c> (environment variable
/// <c>Secrets__{tenant}__{name}</c>, e.g. from a Kubernetes Secret through <c>envFrom</c>/<c>secretKeyRef</c>).
/// </summary>
public interface ISecretStore
{
    /// <summary>The secret <paramref name="name"/> of <paramref name="tenant"/>, or null when none is configured.</summary>
    string? Find(string tenant, string name);
}
