using EDRS.Actors.Workflows;
using EDRS.Actors.Workflows.Registry;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Inference;
using EDRS.Hosting.Reminders;
using EDRS.Hosting.Tools;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Workflows;

/// <summary>
/// The workflow feature: the <c>workflow-registry</c> kind (templates, one per tenant), the <c>workflow</c> kind (one per
/// run) with the reminders that wake it at due times and after a crash, the tools its tool steps call and the model its
/// persona steps ask.
/// </summary>
public static class WorkflowsRegistration
{
    public static IHostApplicationBuilder AddEdrsWorkflows(this IHostApplicationBuilder builder)
    {
        builder.AddEdrsReminders();
        builder.AddEdrsTools();
        // Persona steps ask the model through the inference grains, wherever the cluster places them.
        builder.AddEdrsInferenceClient();
        builder.Services.AddGrainKind(WorkflowRegistryKind.Registration);
        builder.Services.AddGrainKind(WorkflowKind.Registration);
        builder.Services.AddReminderTarget<WorkflowReminderTarget>();
        return builder;
    }
}
