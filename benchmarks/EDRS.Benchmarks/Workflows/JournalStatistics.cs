using System.Diagnostics;
using Npgsql;

namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// Whether PostgreSQL has gathered statistics on the journal's tables yet. A fresh database plans the journal's statements
/// (and the foreign key check of every event) for empty tables until autovacuum first analyzes them, up to a minute or
/// two into the load; a deployment past its first minutes always has. The throughput window waits for it, so it measures
/// the executor rather than where the first autovacuum happened to fall in the run.
/// </summary>
internal static class JournalStatistics
{
    private const string Sql = """
        select count(*) from pg_stat_user_tables
        where relname in ('mt_streams', 'mt_events') and autoanalyze_count + analyze_count > 0
        """;

    /// <summary>How long it waited for both tables to be analyzed, or null when they still were not after <paramref name="within"/>.</summary>
    public static async Task<TimeSpan?> WaitUntilAnalyzedAsync(string connectionString, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        while (true)
        {
            await using (var command = new NpgsqlCommand(Sql, connection))
            {
                if ((long)(await command.ExecuteScalarAsync().ConfigureAwait(false))! == 2)
                    return clock.Elapsed;
            }
            if (clock.Elapsed >= within)
                return null;
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
    }
}
