using Npgsql;

namespace EDRS.Hosting.Journal;

/// <summary>The journal's connection pool, tuned for many small statements.</summary>
public static class JournalDataSource
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Reads and snapshot writes repeat a handful of statements: let Npgsql prepare them.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }
        // Nothing leaves session state on these connections, so skip DISCARD ALL on every return to the pool.
        builder.NoResetOnClose = true;
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}
