using Npgsql;

namespace EDRS.Persistence.Workflows;

/// <summary>
/// The inbound events running workflows wait for, in one table, <c>edrs_workflow_event_waits</c> (part of the Marten
/// schema), keyed by tenant and correlation id so an event finds its waiting runs with one index lookup. A run records its
/// waits when it starts (and again on every activation: recording is idempotent) and removes them when it ends; the
/// journal stays the truth — a wait left by a run that ended is dropped the first time an event finds it refused.
/// </summary>
public sealed class WorkflowEventWaitStore(NpgsqlDataSource dataSource, JournalOptions options)
{
    public const string TableName = "edrs_workflow_event_waits";

    private readonly string _recordSql = $"""
        insert into {options.Schema}.{TableName} (tenant, correlation_id, workflow_id, step_id, event_type, signal, created_at)
        select $1, unnest($2::text[]), $3, unnest($4::text[]), unnest($5::text[]), unnest($6::text[]), now()
        on conflict (tenant, correlation_id, workflow_id, step_id) do update set event_type = excluded.event_type, signal = excluded.signal
        """;

    private readonly string _findSql = $"""
        select workflow_id, step_id, event_type, signal from {options.Schema}.{TableName}
        where tenant = $1 and correlation_id = $2
        order by workflow_id, step_id
        limit $3
        """;

    private readonly string _removeSql = $"""
        delete from {options.Schema}.{TableName} where tenant = $1 and correlation_id = any($2::text[]) and workflow_id = $3
        """;

    /// <summary>Records <paramref name="waits"/> (all of one run), or refreshes them when recorded already.</summary>
    public async Task RecordAsync(string tenant, string workflowId, IReadOnlyList<WorkflowEventWait> waits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(waits);
        if (waits.Count == 0)
            return;
        await using var command = dataSource.CreateCommand(_recordSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. waits.Select(w => w.CorrelationId)] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workflowId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. waits.Select(w => w.StepId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. waits.Select(w => w.EventType)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. waits.Select(w => w.Signal)] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The waits of <paramref name="tenant"/>'s runs for events carrying <paramref name="correlationId"/>, at most <paramref name="limit"/>.</summary>
    public async Task<List<WorkflowEventWait>> FindAsync(string tenant, string correlationId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_findSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = correlationId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var waits = new List<WorkflowEventWait>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            waits.Add(new WorkflowEventWait(tenant, correlationId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return waits;
    }

    /// <summary>Removes the waits of run <paramref name="workflowId"/> under <paramref name="correlationIds"/>.</summary>
    public async Task RemoveAsync(string tenant, string workflowId, IReadOnlyCollection<string> correlationIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correlationIds);
        if (correlationIds.Count == 0)
            return;
        await using var command = dataSource.CreateCommand(_removeSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. correlationIds] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workflowId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
