using EDRS.Hosting.Options;
using EDRS.Persistence;
using EDRS.Persistence.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Outbox;

/// <summary>
/// The outbox's reading side: rows are always written (by the journal's group-commit writers); with
/// <c>Outbox:Drain=true</c> this process also runs the drainers, which hand rows to the registered
/// <see cref="IOutboxPublisher"/> (the Pulsar publisher).
/// </summary>
public static class OutboxRegistration
{
    public static IHostApplicationBuilder AddEdrsOutbox(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section, o => o.Validate());
        services.AddSingleton(sp => new OutboxStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        if (builder.Configuration.GetSection(OutboxOptions.Section).GetValue<bool>(nameof(OutboxOptions.Drain)))
            services.AddHostedService<OutboxDrainService>();
        return builder;
    }
}
