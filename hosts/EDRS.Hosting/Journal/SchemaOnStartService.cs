using EDRS.Persistence;
using EDRS.Persistence.Schema;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Journal;

/// <summary>Applies the journal schema at start-up when <see cref="JournalOptions.ApplySchemaOnStart"/> is set (development).</summary>
internal sealed class SchemaOnStartService(IDocumentStore store, IOptions<JournalOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.ApplySchemaOnStart ? EdrsStoreConfiguration.MigrateAsync(store) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
