using System.Diagnostics.CodeAnalysis;

namespace EDRS.Grains.Runtime;

/// <summary>
/// Who a grain is: its kind, its tenant and its key. The cluster identity is <c>{tenant}/{key}</c> and the journal stream
/// <c>{kind}/{tenant}/{key}</c>; this is the one place they are formatted, parsed and checked. Model kinds (inference,
/// embedding) are not per tenant: their first part is the model name and the key the replica
/// (<see cref="ForModel"/>).
/// </summary>
public readonly record struct GrainIdentity
{
    private GrainIdentity(string kind, string tenant, string key)
    {
        Kind = kind;
        Tenant = tenant;
        Key = key;
    }

    /// <summary>The cluster kind, e.g. <c>persona</c>.</summary>
    public string Kind { get; }

    /// <summary>The tenant the grain belongs to (for model kinds: the model name).</summary>
    public string Tenant { get; }

    /// <summary>The grain's key within its tenant, e.g. a persona id.</summary>
    public string Key { get; }

    /// <summary>The identity the cluster places and addresses: <c>{tenant}/{key}</c>.</summary>
    public string ClusterIdentity => $"{Tenant}/{Key}";

    /// <summary>The grain's journal stream: <c>{kind}/{tenant}/{key}</c>.</summary>
    public string StreamKey => $"{Kind}/{Tenant}/{Key}";

    /// <summary>The identity of <paramref name="key"/> of <paramref name="tenant"/>; both must be valid ids.</summary>
    /// <exception cref="ArgumentException">The tenant or the key is not a valid id.</exception>
    public static GrainIdentity Of(string kind, string tenant, string key)
    {
        if (!GrainIds.IsTenant(tenant))
            throw new ArgumentException($"'{tenant}' is not a valid tenant: it must be {GrainIds.TenantRule}.", nameof(tenant));
        if (!GrainIds.IsEntityId(key))
            throw new ArgumentException($"'{key}' is not a valid {kind} key: it must be {GrainIds.EntityIdRule}.", nameof(key));
        return new GrainIdentity(kind, tenant, key);
    }

    /// <summary>A model runner's identity: <c>{model}/{replica}</c>.</summary>
    /// <exception cref="ArgumentException">The model name or the replica is not a valid id.</exception>
    public static GrainIdentity ForModel(string kind, string model, string replica)
    {
        if (!GrainIds.IsEntityId(model))
            throw new ArgumentException($"'{model}' is not a valid model name: it must be {GrainIds.EntityIdRule}.", nameof(model));
        if (!GrainIds.IsEntityId(replica))
            throw new ArgumentException($"'{replica}' is not a valid replica: it must be {GrainIds.EntityIdRule}.", nameof(replica));
        return new GrainIdentity(kind, model, replica);
    }

    /// <summary>Reads a cluster identity (<c>{tenant}/{key}</c>) of <paramref name="kind"/>.</summary>
    /// <exception cref="FormatException">It is not two valid ids separated by one '/'.</exception>
    public static GrainIdentity Parse(string kind, string clusterIdentity) =>
        TryParse(kind, clusterIdentity, out var identity)
            ? identity
            : throw new FormatException($"'{clusterIdentity}' is not a {kind} identity: it must be {{tenant}}/{{key}}, each {GrainIds.EntityIdRule}.");

    public static bool TryParse(string kind, string? clusterIdentity, [NotNullWhen(true)] out GrainIdentity identity)
    {
        identity = default;
        var slash = clusterIdentity?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0)
            return false;
        var first = clusterIdentity![..slash];
        var key = clusterIdentity[(slash + 1)..];
        // The first part is a tenant, or a model name for model kinds: both are entity ids (tenants are a stricter subset).
        if (!GrainIds.IsEntityId(first) || !GrainIds.IsEntityId(key))
            return false;
        identity = new GrainIdentity(kind, first, key);
        return true;
    }

    /// <summary>Reads a journal stream key (<c>{kind}/{tenant}/{key}</c>) of a tenant's grain.</summary>
    public static bool TryParseStreamKey(string? streamKey, [NotNullWhen(true)] out GrainIdentity identity)
    {
        identity = default;
        var slash = streamKey?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0
               && TryParse(streamKey![..slash], streamKey[(slash + 1)..], out identity)
               && GrainIds.IsTenant(identity.Tenant);
    }

    public override string ToString() => ClusterIdentity;
}
