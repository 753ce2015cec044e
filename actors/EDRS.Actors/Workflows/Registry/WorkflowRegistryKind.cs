using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows.Registry;

/// <summary>The workflow registry kind as a member hosts it: one grain per tenant, key <see cref="Key"/>.</summary>
public static class WorkflowRegistryKind
{
    /// <summary>The registry's key within its tenant.</summary>
    public const string Key = "workflows";

    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<WorkflowRegistryGrain.WorkflowRegistryGrainBase, TenantWorkflowRegistry>(WorkflowRegistryGrain.Descriptor, WorkflowRegistryGrain.BindService);
}
