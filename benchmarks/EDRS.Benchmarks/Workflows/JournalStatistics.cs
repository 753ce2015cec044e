using System.Diagnostics;
using Npgsql;

namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// Whether PostgreSQL's statistics on the journal's tables describe tables with rows in them yet. A fresh database plans
/// the journal's statements (and the foreign key check of every event, a scan of the whole stream table while it is
/// planned as empty) for empty tables until autovacuum analyzes them with rows in them, up to a minute or two into the
/// load — an analysis that comes while they are nearly empty does not count; a deployment past its first minutes always
/// has such statistics. The throughput window waits for them, so it measures the executor rather than where autovacuum
/// happened to fall in the run.
/// </summary>
internal static class JournalStatistics
{
    /// <summary>Rows the statistics must count in each table (<c>reltuples</c>, set by every analysis and vacuum).</summary>
    private const int Rows = 1_000;

    private static readonly string Sql = $"""
        select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname in ('mt_streams', 'mt_events') and c.reltuples >= {Rows}
        """;

    /// <summary>How long it waited for both tables' statistics to count rows, or null when they still did not after <paramref name="within"/>.</summary>
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
