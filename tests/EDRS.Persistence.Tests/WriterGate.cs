using Npgsql;

namespace EDRS.Persistence.Tests;

/// <summary>
/// Holds a row lock on one stream so that a writer's statement appending to it waits on the lock. Appends queued while
/// it waits reach the writer together, as its next batch, once the gate opens: "in the same batch" by construction, not
/// by timing.
/// </summary>
public sealed class WriterGate : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private WriterGate(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Locks the <c>mt_streams</c> row of <paramref name="streamKey"/>, which must exist.</summary>
    public static async Task<WriterGate> CloseAsync(JournalDatabase db, string streamKey)
    {
        var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("select 1 from mt_streams where id = $1 for update", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
        if (await command.ExecuteScalarAsync() is null)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"The gate stream '{streamKey}' does not exist; append to it first.");
        }
        return new WriterGate(connection, transaction);
    }

    /// <summary>Waits until a session of this database waits on a lock (the writer at the gate); returns its process id.</summary>
    public async Task<int> WaitForBlockedWriterAsync()
    {
        await using var command = new NpgsqlCommand(
            "select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
            _connection, _transaction);
        var deadline = DateTime.UtcNow + HangGuard;
        while (true)
        {
            if (await command.ExecuteScalarAsync() is int pid)
                return pid;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("No writer came to wait on the gate within a minute: the gated append was not sent.");
            await Task.Delay(5);
        }
    }

    /// <summary>Releases the lock: the waiting statement proceeds.</summary>
    public async Task OpenAsync()
    {
        if (_transaction is null)
            return;
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    public async ValueTask DisposeAsync()
    {
        await OpenAsync();
        await _connection.DisposeAsync();
    }
}
