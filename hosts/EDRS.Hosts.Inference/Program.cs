using EDRS.Hosting.Cluster;
using EDRS.Hosting.Embeddings;

// An inference member: hosts only the model kinds (inference, embedding) on the node that holds the model (GPU pool).
// Stateless model runners: no journal. With no model configured it still starts and says what to set.
var builder = WebApplication.CreateBuilder(args);
builder.AddEdrsServiceDefaults();
builder.AddEdrsCluster(hostKinds: _ => HostedGrainKinds.Models);
builder.AddEdrsEmbeddingModel();

var app = builder.Build();
app.MapEdrsDefaultEndpoints();
app.Run();
