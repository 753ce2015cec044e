using EDRS.Hosting.Commands;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Hosting.Outbox;
using EDRS.Hosting.Pulsar;

// A core cluster member: hosts every core grain kind (never the model kinds), journals to PostgreSQL.
var builder = WebApplication.CreateBuilder(args);
builder.AddEdrsServiceDefaults();
builder.AddEdrsJournal();
builder.AddEdrsOutbox();
builder.AddEdrsPulsar();
builder.AddEdrsCluster(hostKinds: _ => HostedGrainKinds.Core);

var app = builder.Build();
if (await app.TryRunCommandAsync(args))
    return;
app.MapEdrsDefaultEndpoints();
app.Run();
