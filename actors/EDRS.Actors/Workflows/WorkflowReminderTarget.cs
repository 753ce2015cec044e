using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows;

/// <summary>Wakes a workflow instance at its due times (timers, retries, deadlines) and after a crash mid-step.</summary>
public sealed class WorkflowReminderTarget(GrainClients clients) : IReminderTarget
{
    public string Kind => WorkflowKind.Name;

    public async Task WakeAsync(GrainIdentity grain, string reminder, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        await clients.Workflow(grain.Tenant, grain.Key).AdvanceAsync(new AdvanceWorkflowRequest { WokenByReminder = true }, cancellationToken: cancellationToken)
            .ResponseAsync.ConfigureAwait(false);
}
