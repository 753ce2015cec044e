using EDRS.Hosting.Options;
using EDRS.Persistence;
using EDRS.Persistence.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Outbox;

/// <summary>
/// The outbox's reading side. Rows are always written (by the journal's group-commit writers); when an
/// <see cref="IOutboxPublisher"/> is registered (the Pulsar publisher: <c>PulsarBridge__Publish=true</c>), this process
/// also runs the drainers — one per partition in the whole cluster, whichever process holds its lock. Every process keeps
/// the backlog within <c>Outbox:MaxBacklog</c>.
/// </summary>
public static class OutboxRegistration
{
    public static IHostApplicationBuilder AddEdrsOutbox(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section, o => o.Validate());
        services.AddSingleton(sp => new OutboxStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        services.AddHostedService<OutboxDrainService>();
        services.AddHostedService<OutboxBacklogService>();
        return builder;
    }
}
