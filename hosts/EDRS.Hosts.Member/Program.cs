using EDRS.Hosting.Cluster;
using EDRS.Hosting.Commands;
using EDRS.Hosting.Inbound;
using EDRS.Hosting.Journal;
using EDRS.Hosting.Memory;
using EDRS.Hosting.Knowledge;
using EDRS.Hosting.Outbox;
using EDRS.Hosting.Personas;
using EDRS.Hosting.Pulsar;
using EDRS.Hosting.Sessions;
using EDRS.Hosting.Tasks;
using EDRS.Hosting.Tools;
using EDRS.Hosting.Webhooks;
using EDRS.Hosting.Workflows;
using EDRS.Hosting.WorkingMemory;

// A core cluster member: hosts every core grain kind (never the model kinds), journals to PostgreSQL.
var builder = WebApplication.CreateBuilder(args);
builder.AddEdrsServiceDefaults();
builder.AddEdrsJournal();
builder.AddEdrsOutbox();
builder.AddEdrsPulsar();
builder.AddEdrsCluster();
builder.AddEdrsPersonas();
builder.AddEdrsWorkingMemory();
builder.AddEdrsMemory();
builder.AddEdrsSessions();
builder.AddEdrsInbound();
builder.AddEdrsKnowledge();
builder.AddEdrsTasks();
builder.AddEdrsTools();
builder.AddEdrsWorkflows();
builder.AddEdrsWebhooks();

var app = builder.Build();
if (await app.TryRunCommandAsync(args))
    return;
app.MapEdrsDefaultEndpoints();
app.Run();
