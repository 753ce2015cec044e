using EDRS.Hosting.Cluster;
using EDRS.Models;

// An inference member: hosts only the model kinds (inference, embedding) on the node that holds the models (GPU pool).
// Stateless model runners: no journal. With no chat model configured it still starts and says what to set.
var builder = WebApplication.CreateBuilder(args);
builder.AddEdrsServiceDefaults();
builder.AddEdrsCluster();
builder.AddEdrsModelRunners();

var app = builder.Build();
app.MapEdrsDefaultEndpoints();
app.Run();
