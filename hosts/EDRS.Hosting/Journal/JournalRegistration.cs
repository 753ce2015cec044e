using EDRS.Actors;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Options;
using EDRS.Persistence;
using EDRS.Persistence.Journal;
using EDRS.Persistence.Schema;
using EDRS.Persistence.Snapshots;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Journal;

/// <summary>Wires the event journal: Marten's store, the group-commit writers and the snapshot store.</summary>
public static class JournalRegistration
{
    public static IHostApplicationBuilder AddEdrsJournal(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<JournalOptions>(JournalOptions.Section, o => o.Validate());
        services.AddSingleton(_ => DomainEventTypes.All());
        services.AddSingleton<EventCodec>();
        services.AddSingleton(sp => JournalDataSource.Create(sp.GetRequiredService<IOptions<JournalOptions>>().Value.ConnectionString));
        services.AddMarten(sp =>
        {
            var store = new StoreOptions();
            EdrsStoreConfiguration.Apply(store, sp.GetRequiredService<IOptions<JournalOptions>>().Value, sp.GetRequiredService<Persistence.EventTypes.EventTypeMap>());
            ReadModels.Configure(store);
            return store;
        });
        // With its logger: a refused append is logged with its stream key and SQL state (the caller only learns it was refused).
        services.AddSingleton(sp => new GroupCommitJournal(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<EventCodec>(),
            sp.GetRequiredService<IOptions<JournalOptions>>().Value,
            sp.GetRequiredService<ILogger<GroupCommitJournal>>()));
        services.AddSingleton<IEventJournal>(sp => sp.GetRequiredService<GroupCommitJournal>());
        services.AddSingleton<ISnapshotStore>(sp => new PostgresSnapshotStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        services.AddSingleton<JournaledStateFactory>();
        // Registered before the cluster so the schema exists before any grain can activate.
        services.AddHostedService<SchemaOnStartService>();
        return builder;
    }
}
