using EDRS.Hosting.Cluster;
using EDRS.Hosting.Commands;
using EDRS.Hosting.Embeddings;
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
using EDRS.Hosts.Gateway;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Grpc;
using EDRS.Hosts.Gateway.Idempotency;
using EDRS.Hosts.Gateway.Inbound;
using EDRS.Hosts.Gateway.Memory;
using EDRS.Hosts.Gateway.Knowledge;
using EDRS.Hosts.Gateway.Personas;
using EDRS.Hosts.Gateway.RateLimits;
using EDRS.Hosts.Gateway.Sessions;
using EDRS.Hosts.Gateway.WorkingMemory;
using EDRS.Hosts.Gateway.Tasks;
using EDRS.Hosts.Gateway.Tools;
using EDRS.Hosts.Gateway.Webhooks;
using EDRS.Hosts.Gateway.Workflows;
using EDRS.Models;

// The gateway: REST facade and gRPC actor gateway over the grains. With the single-node provider (development) it hosts
// every grain kind in-process, model kinds included; in a cluster it hosts none: a client fed by the members with the
// relay provider (Kubernetes: no API token in the internet-facing pod), or a member with no kinds (seed, Kubernetes).
if (HashSecretCommand.TryRun(args))
    return;
var builder = WebApplication.CreateBuilder(args);
builder.AddEdrsServiceDefaults();
builder.AddEdrsJournal();
builder.AddEdrsOutbox();
builder.AddEdrsPulsar();
builder.AddEdrsCluster(hostsGrains: cluster => cluster.Provider == ClusterProviderKind.SingleNode);
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
builder.AddEdrsEmbeddingClient();
builder.AddEdrsModelRunners();
builder.AddGatewayApi();
builder.AddGatewayIdempotency();
builder.AddGatewayEvents();
builder.AddGatewayWebhooks();
builder.AddGatewayAuth();
builder.AddClientRateLimits();
builder.AddGrainGateway().ServePersonas().ServeSessions().ServeMemories().ServeWorkingMemory().ServeKnowledge(builder.Services)
    .ServeTasks().ServeTools().ServeWorkflowTemplates().ServeWorkflows();
builder.AddPersonaDirectory();

var app = builder.Build();
if (await app.TryRunCommandAsync(args))
    return;
app.MapEdrsDefaultEndpoints();
app.UseGatewayApi();
app.MapAuthApi();
app.MapPersonasApi();
app.MapSessionsApi();
app.MapMemoriesApi();
app.MapWorkingMemoryApi();
app.MapEventsApi();
app.MapKnowledgeApi();
app.MapTasksApi();
app.MapToolsApi();
app.MapWorkflowsApi();
app.MapWebhooksApi();
app.MapGrpcService<EventIngestionGrpc>();
app.MapGrpcService<KnowledgeBaseGrpc>();
app.MapGrpcService<WebhooksGrpc>();
app.MapGrainGateway();
app.Run();

/// <summary>Lets <c>WebApplicationFactory&lt;Program&gt;</c> find the entry point.</summary>
public partial class Program;
