using EDRS.Hosting.Cluster;
using EDRS.Hosting.Commands;
using EDRS.Hosting.Journal;
using EDRS.Hosts.Gateway;
using EDRS.Hosts.Gateway.Personas;

// The gateway: REST facade over the grains. With the single-node provider (development) it hosts every
// grain kind in-process; in a cluster it joins as a member that hosts none.
var builder = WebApplication.CreateBuilder(args);
builder.AddEdrsJournal();
builder.AddEdrsCluster(hostKinds: cluster => cluster.Provider == ClusterProviderKind.SingleNode);
builder.AddGatewayApi();

var app = builder.Build();
if (await app.TryRunCommandAsync(args))
    return;
app.UseGatewayApi();
app.MapPersonasApi();
app.Run();

/// <summary>Lets <c>WebApplicationFactory&lt;Program&gt;</c> find the entry point.</summary>
public partial class Program;
