using EDRS.Grains.Runtime;
using EDRS.Hosting.Options;
using EDRS.Persistence;
using EDRS.Persistence.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Reminders;

/// <summary>
/// The durable timers: grains register reminders through <see cref="GrainReminders"/>, and this process takes its share
/// of waking them (<see cref="ReminderService"/>). Features whose grains use reminders call this and add their
/// <see cref="IReminderTarget"/> with <see cref="AddReminderTarget{TTarget}"/>. Needs the journal (<c>AddEdrsJournal</c>).
/// </summary>
public static class ReminderRegistration
{
    public static IHostApplicationBuilder AddEdrsReminders(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ReminderStore)))
            return builder;
        services.AddValidatedOptions<RemindersOptions>(RemindersOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ReminderStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        services.AddSingleton<GrainReminders>();
        services.AddHostedService<ReminderService>();
        return builder;
    }

    /// <summary>Adds how grains of one kind are woken (once per target type).</summary>
    public static IServiceCollection AddReminderTarget<TTarget>(this IServiceCollection services)
        where TTarget : class, IReminderTarget
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReminderTarget, TTarget>());
        return services;
    }
}
