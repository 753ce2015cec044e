using EDRS.Actors;
using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Persistence.Journal;
using Npgsql;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Checks the journal straight from PostgreSQL (plain SQL on Marten's <c>mt_events</c> and <c>mt_streams</c>, none of
/// EDRS's own read code) against the load generator's ack log, and folds every persona from its rows.
/// </summary>
internal static class JournalAudit
{
    private const int MaxExamples = 10;

    public static async Task<AuditResult> RunAsync(
        string connectionString, string tenant, IReadOnlyCollection<AckRecord> acks, IReadOnlyCollection<string> unresolved)
    {
        var prefix = $"persona/{tenant}/";
        var examples = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);

        // 1. Every request id's events: where, and how many.
        var byRequest = new Dictionary<string, (string Stream, long Version, int Count)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "select causation_id, stream_id, version from mt_events where stream_id like $1 and causation_id is not null", connection))
        {
            command.CommandTimeout = 600;
            command.Parameters.Add(new NpgsqlParameter { Value = prefix + "%" });
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var requestId = reader.GetString(0);
                byRequest[requestId] = byRequest.TryGetValue(requestId, out var seen)
                    ? seen with { Count = seen.Count + 1 }
                    : (reader.GetString(1), reader.GetInt64(2), 1);
            }
        }
        long lost = 0, misplaced = 0;
        foreach (var ack in acks)
        {
            if (!byRequest.TryGetValue(ack.RequestId, out var found))
            {
                lost++;
                Note(examples, $"lost: {ack.RequestId} (acked at version {ack.Version} of {ack.PersonaId})");
            }
            else if (found.Count == 1 && (found.Stream != prefix + ack.PersonaId || found.Version != ack.Version))
            {
                misplaced++;
                Note(examples, $"misplaced: {ack.RequestId} acked at {ack.PersonaId} v{ack.Version}, journal has {found.Stream} v{found.Version}");
            }
        }
        var duplicated = 0L;
        foreach (var (requestId, found) in byRequest)
        {
            if (found.Count > 1)
            {
                duplicated++;
                Note(examples, $"duplicated: {requestId} is in {found.Stream} {found.Count} times");
            }
        }
        var unresolvedApplied = unresolved.Count(byRequest.ContainsKey);

        // 2. Stream shape: versions exactly 1..n, and the stream row at n.
        var forked = 0L;
        var streams = 0L;
        var events = 0L;
        await using (var command = new NpgsqlCommand("""
            select e.stream_id, count(*), min(e.version), max(e.version), count(distinct e.version), max(s.version)
            from mt_events e left join mt_streams s on s.id = e.stream_id
            where e.stream_id like $1
            group by e.stream_id
            """, connection))
        {
            command.CommandTimeout = 600;
            command.Parameters.Add(new NpgsqlParameter { Value = prefix + "%" });
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                streams++;
                var count = reader.GetInt64(1);
                events += count;
                var (min, max, distinct) = (reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
                long? head = reader.IsDBNull(5) ? null : reader.GetInt64(5);
                if (min != 1 || max != count || distinct != count || head != max)
                {
                    forked++;
                    Note(examples, $"forked: {reader.GetString(0)} has {count} events, versions {min}..{max} ({distinct} distinct), stream row at {head}");
                }
            }
        }

        // 3. Every persona folded from its rows, with the grain's own pure Evolve.
        var codec = new EventCodec(DomainEventTypes.All());
        var folded = new Dictionary<string, FoldedPersona>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "select stream_id, version, type, data from mt_events where stream_id like $1 order by stream_id, version", connection))
        {
            command.CommandTimeout = 600;
            command.Parameters.Add(new NpgsqlParameter { Value = prefix + "%" });
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            string? current = null;
            var state = PersonaState.Initial;
            long version = 0;
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var stream = reader.GetString(0);
                if (stream != current)
                {
                    if (current is not null)
                        folded[current[prefix.Length..]] = new FoldedPersona(current[prefix.Length..], state, version);
                    current = stream;
                    state = PersonaState.Initial;
                }
                version = reader.GetInt64(1);
                state = PersonaDecider.Evolve(state, (PersonaEvent)codec.DecodeData(reader.GetString(2), reader.GetString(3)));
            }
            if (current is not null)
                folded[current[prefix.Length..]] = new FoldedPersona(current[prefix.Length..], state, version);
        }

        return new AuditResult(acks.Count, lost, duplicated, misplaced, forked, streams, events, unresolvedApplied, folded, examples);
    }

    /// <summary>How many of <paramref name="requestIds"/> have an event in the journal.</summary>
    public static async Task<long> CountCommittedAsync(string connectionString, IReadOnlyCollection<string> requestIds)
    {
        if (requestIds.Count == 0)
            return 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("select count(distinct causation_id) from mt_events where causation_id = any($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = requestIds.ToArray() });
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    private static void Note(List<string> examples, string example)
    {
        if (examples.Count < MaxExamples)
            examples.Add(example);
    }
}
