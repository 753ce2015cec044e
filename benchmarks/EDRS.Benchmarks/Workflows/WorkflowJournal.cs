using System.Text.Json;
using Npgsql;

namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// Reads every workflow run of a tenant straight from the journal (plain SQL on Marten's <c>mt_events</c>, none of
/// EDRS's own read code), so the benchmarks' numbers and the fault audit rest on what was committed.
/// </summary>
internal static class WorkflowJournal
{
    /// <summary>Runs that reached an end (completed, failed or cancelled).</summary>
    public static async Task<long> CountFinishedAsync(string connectionString, string tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "select count(*) from mt_events where stream_id like $1 and type in ('workflow_completed', 'workflow_failed', 'workflow_cancelled')", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"workflow/{tenant}/%" });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task<IReadOnlyList<JournaledWorkflow>> ReadAsync(string connectionString, string tenant, CancellationToken cancellationToken = default)
    {
        var prefix = $"workflow/{tenant}/";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "select stream_id, type, data::text from mt_events where stream_id like $1 order by stream_id, version", connection);
        command.CommandTimeout = 600;
        command.Parameters.Add(new NpgsqlParameter { Value = prefix + "%" });
        var runs = new List<JournaledWorkflow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        Fold? current = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var stream = reader.GetString(0);
            if (current?.Stream != stream)
            {
                if (current is not null)
                    runs.Add(current.ToRun());
                current = new Fold(stream, stream[prefix.Length..]);
            }
            using var data = JsonDocument.Parse(reader.GetString(2));
            current.Apply(reader.GetString(1), data.RootElement);
        }
        if (current is not null)
            runs.Add(current.ToRun());
        return runs;
    }

    /// <summary>A run's events folded in journal order.</summary>
    private sealed class Fold(string stream, string workflowId)
    {
        private readonly List<JournaledStep> _successes = [];
        private readonly HashSet<string> _started = new(StringComparer.Ordinal);
        private DateTimeOffset _startedAt;
        private DateTimeOffset? _finishedAt;
        private string _status = "running";
        private int _failedAttempts;

        public string Stream => stream;

        public void Apply(string type, JsonElement data)
        {
            switch (type)
            {
                case "workflow_started":
                    _startedAt = data.GetProperty("startedAt").GetDateTimeOffset();
                    break;
                case "workflow_step_started":
                    _started.Add(data.GetProperty("stepId").GetString()!);
                    break;
                case "workflow_step_succeeded":
                    _successes.Add(new JournaledStep(data.GetProperty("stepId").GetString()!, data.GetProperty("attempt").GetInt32(),
                        data.GetProperty("output").GetString()!, data.GetProperty("at").GetDateTimeOffset()));
                    break;
                case "workflow_step_attempt_failed":
                    _failedAttempts++;
                    break;
                case "workflow_completed" or "workflow_failed" or "workflow_cancelled":
                    _status = type["workflow_".Length..];
                    _finishedAt = data.GetProperty("at").GetDateTimeOffset();
                    break;
            }
        }

        public JournaledWorkflow ToRun() => new(workflowId, _startedAt, _finishedAt, _status, _successes, _started, _failedAttempts);
    }
}
