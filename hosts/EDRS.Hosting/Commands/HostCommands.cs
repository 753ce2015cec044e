using EDRS.Persistence.Schema;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EDRS.Hosting.Commands;

/// <summary>One-shot commands a host binary runs instead of serving: <c>migrate</c> applies the schema and exits.</summary>
public static partial class HostCommands
{
    /// <summary>Runs the command named by <paramref name="args"/>, if any; true when one ran (the host then exits).</summary>
    public static async Task<bool> TryRunCommandAsync(this IHost host, string[] args)
    {
        if (args is not ["migrate", ..])
            return false;
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EDRS.Migrate");
        await EdrsStoreConfiguration.MigrateAsync(host.Services.GetRequiredService<IDocumentStore>()).ConfigureAwait(false);
        LogMigrated(logger);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The journal schema is up to date")]
    private static partial void LogMigrated(ILogger logger);
}
