using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Inbound;
using EDRS.Hosting.Personas;
using EDRS.Hosting.Sessions;
using EDRS.Hosting.WorkingMemory;
using EDRS.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Tests.Cluster;

/// <summary>
/// A process hosts exactly the kinds its features registered: a kind left out of the cluster would make its calls time
/// out with no error anywhere (found while merging the embedding kind into the model kinds), and a kind registered by
/// two features must be hosted once.
/// </summary>
public sealed class GrainKindsTests
{
    private static readonly string[] CoreKinds = ["event-router", "persona", "routing-table", "session", "working-memory"];
    private static readonly string[] ModelKinds = ["embedding", "inference"];

    [Fact]
    public void A_process_hosts_exactly_the_kinds_its_features_registered_each_once()
    {
        using var member = Build(builder => builder.AddEdrsPersonas().AddEdrsSessions().AddEdrsPersonas());
        using var caller = Build(builder => builder.AddEdrsPersonas(), hostsGrains: false);

        Assert.Equal(["persona", "session"], member.Services.GetRequiredService<LocalGrainKinds>().Registrations.Select(r => r.Kind).Order());
        Assert.True(member.Services.GetRequiredService<LocalGrainKinds>().Hosts("session"));
        Assert.False(member.Services.GetRequiredService<LocalGrainKinds>().Hosts("inference"));
        Assert.Empty(caller.Services.GetRequiredService<LocalGrainKinds>().Registrations);
    }

    [Fact]
    public void Every_model_kind_and_core_kind_can_be_hosted()
    {
        using var core = Build(builder => builder.AddEdrsPersonas().AddEdrsWorkingMemory().AddEdrsSessions().AddEdrsInbound());
        using var models = Build(builder => builder.AddEdrsModelRunners());

        Assert.Equal(CoreKinds, ClusterKinds(core));
        Assert.Equal(ModelKinds, ClusterKinds(models));
    }

    private static IEnumerable<string> ClusterKinds(IHost host) =>
        host.Services.GetRequiredService<GrainKinds>()
            .ToClusterKinds(host.Services.GetRequiredService<LocalGrainKinds>().Registrations)
            .Select(k => k.Name)
            .Order(StringComparer.Ordinal);

    /// <summary>A member's services as its Program.cs wires them (built, never started).</summary>
    private static IHost Build(Action<IHostApplicationBuilder> features, bool hostsGrains = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:Provider"] = "SingleNode" });
        builder.AddEdrsCluster(hostsGrains: _ => hostsGrains);
        features(builder);
        return builder.Build();
    }
}
