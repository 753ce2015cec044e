using EDRS.Actors.Tools.Invocation;
using Microsoft.Extensions.Configuration;

namespace EDRS.Hosting.Tools;

/// <summary>
/// Secrets from configuration, <c>Secrets:{tenant}:{name}</c>: environment variables <c>Secrets__{tenant}__{name}</c> (on
/// Kubernetes, from a Secret through <c>secretKeyRef</c> or <c>envFrom</c>), or any other configuration source. Read at
/// each call, so a rotated secret is used from its next call on when the configuration reloads.
/// </summary>
internal sealed class ConfigurationSecretStore(IConfiguration configuration) : ISecretStore
{
    public string? Find(string tenant, string name) =>
        configuration[$"Secrets:{tenant}:{name}"] is { Length: > 0 } secret ? secret : null;
}
