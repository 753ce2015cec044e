using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tools;

/// <summary>The tool registry kind as a member hosts it: one grain per tenant, key <see cref="Key"/>.</summary>
public static class ToolRegistryKind
{
    /// <summary>The registry's key within its tenant.</summary>
    public const string Key = "tools";

    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<ToolRegistryGrain.ToolRegistryGrainBase, TenantToolRegistry>(ToolRegistryGrain.Descriptor, ToolRegistryGrain.BindService);
}
