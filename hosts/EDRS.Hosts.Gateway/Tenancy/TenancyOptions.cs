using EDRS.Actors.Runtime;

namespace EDRS.Hosts.Gateway.Tenancy;

/// <summary>
/// Which tenant REST calls act for (section <c>Tenancy</c>). Until token authentication lands, every call
/// acts for <see cref="DefaultTenant"/>; the tenant is never read from a request.
/// </summary>
public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>The tenant of every request. Default <c>default</c>.</summary>
    public string DefaultTenant { get; set; } = "default";

    public IReadOnlyList<string> Validate() =>
        GrainIds.IsTenant(DefaultTenant)
            ? []
            : [$"Tenancy:DefaultTenant must be 1..63 lowercase letters, digits or dashes (was '{DefaultTenant}'): set Tenancy__DefaultTenant."];
}
