using EDRS.Hosting.Options;
using EDRS.Persistence;
using EDRS.Persistence.Idempotency;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosts.Gateway.Idempotency;

/// <summary>The Idempotency-Key registry of the gateway (its table is part of the journal's schema).</summary>
public static class IdempotencyRegistration
{
    public static IHostApplicationBuilder AddGatewayIdempotency(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<IdempotencyOptions>(IdempotencyOptions.Section, o => o.Validate());
        services.AddSingleton(sp => new IdempotencyKeyStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        services.AddSingleton<IdempotencyKeys>();
        services.AddHostedService<IdempotencyKeySweeper>();
        return builder;
    }
}
