using EDRS.Actors.WorkingMemory;
using EDRS.Hosting.Cluster;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.WorkingMemory;

/// <summary>The working-memory feature: the <c>working-memory</c> grain kind (a persona's short-lived items).</summary>
public static class WorkingMemoryRegistration
{
    public static IHostApplicationBuilder AddEdrsWorkingMemory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrainKind(WorkingMemoryKind.Registration);
        return builder;
    }
}
