using EDRS.Actors.Tasks;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Reminders;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Tasks;

/// <summary>
/// The task feature: the <c>task</c> grain kind and how its reminders wake it. Its owners come from the routing table
/// (<c>AddEdrsInbound</c>) and are personas (<c>AddEdrsPersonas</c>), wherever the cluster hosts those.
/// </summary>
public static class TasksRegistration
{
    public static IHostApplicationBuilder AddEdrsTasks(this IHostApplicationBuilder builder)
    {
        builder.AddEdrsReminders();
        builder.Services.AddGrainKind(TaskKind.Registration);
        builder.Services.AddReminderTarget<TaskReminderTarget>();
        return builder;
    }
}
