using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tasks;

/// <summary>Wakes a task grain for its reminders (side effects to finish, an open task to offer again).</summary>
public sealed class TaskReminderTarget(GrainClients clients) : IReminderTarget
{
    public string Kind => TaskKind.Name;

    public async Task WakeAsync(GrainIdentity grain, string reminder, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        await clients.Task(grain.Tenant, grain.Key)
            .WakeAsync(new TaskWakeRequest { TaskId = grain.Key, Reminder = reminder }, cancellationToken: cancellationToken)
            .ResponseAsync.ConfigureAwait(false);
}
