using EDRS.Testing.Gateway;
using Npgsql;

namespace EDRS.Hosts.Gateway.Tests;

/// <summary>
/// Holds an exclusive lock on the journal's tables (streams and events) until disposed: every grain that must read or
/// write its journal waits — a grain's activation reads the stream's version even when it has no events to read — which
/// makes calls slow for real, without touching the gateway.
/// </summary>
internal sealed class JournalLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private JournalLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<JournalLock> TakeAsync(GatewayFixture gateway)
    {
        var connection = await gateway.Database.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("lock table mt_streams, mt_events in access exclusive mode", connection, transaction))
            await command.ExecuteNonQueryAsync();
        return new JournalLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
