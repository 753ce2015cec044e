using System.Text.Json;
using EDRS.Persistence.Outbox;
using EDRS.Testing.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Hosting.Tests.Outbox;

/// <summary>
/// The outbox on real PostgreSQL: rows written with their events (only for committed appends), sequence in commit
/// order per partition, and a drainer that publishes in order, at least once, never skipping a failed message.
/// No Pulsar publisher is configured in this gateway, so rows stay until a drainer here takes them.
/// </summary>
public sealed class OutboxTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private NpgsqlDataSource DataSource => gateway.Services.GetRequiredService<NpgsqlDataSource>();

    private OutboxStore Store => gateway.Services.GetRequiredService<OutboxStore>();

    [Fact]
    public async Task Chosen_events_get_an_outbox_row_with_their_commit_and_a_repeated_event_adds_none()
    {
        await gateway.Client.HireHandlingAsync("out-ada", "out.*");
        var e = Event(eventType: "out.happened");
        for (var i = 0; i < 5; i++)
            await gateway.Client.PublishAsync(e);

        var rows = await RowsAsync();
        Assert.Single(rows, r => r.Topic == "persona.hired" && r.Key == $"persona/{TestClients.Default}/out-ada");
        var assigned = Assert.Single(rows, r => r.Topic == "persona.work_assigned" && r.Payload.Contains((string)e["eventId"]!));
        using var payload = JsonDocument.Parse(assigned.Payload);
        Assert.Equal("work_assigned", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal(2, payload.RootElement.GetProperty("version").GetInt64());
        // Not chosen: the event's own stream and routing decisions stay inside.
        Assert.DoesNotContain(rows, r => r.Key.StartsWith("event/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Within_a_partition_the_sequence_follows_the_commit_order_of_a_stream()
    {
        await gateway.Client.HireHandlingAsync("seq-bob", "seq.*");
        for (var i = 0; i < 20; i++)
            await gateway.Client.PublishAsync(Event(eventType: "seq.happened"));
        var rows = (await RowsAsync()).Where(r => r.Key == $"persona/{TestClients.Default}/seq-bob").ToList();
        Assert.Equal(21, rows.Count);
        Assert.Single(rows.Select(r => r.Partition).Distinct());
        var versions = rows.OrderBy(r => r.Sequence).Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 21).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task The_drainer_publishes_in_sequence_order_retries_a_failed_message_and_deletes_only_what_was_published()
    {
        await gateway.Client.HireHandlingAsync("drain-cy", "drain.*");
        for (var i = 0; i < 5; i++)
            await gateway.Client.PublishAsync(Event(eventType: "drain.happened"));
        var before = await RowsAsync();
        var publisher = new RecordingPublisher { FailuresLeft = 1 };
        var drainer = new OutboxDrainer(DataSource, Store, publisher, new OutboxOptions(), NullLogger.Instance);

        foreach (var partition in before.Select(r => r.Partition).Distinct())
        {
            // The first attempt fails on its first message: nothing is published or deleted past it.
            await Assert.ThrowsAsync<IOException>(() => drainer.DrainOnceAsync(partition, CancellationToken.None));
            while (await drainer.DrainOnceAsync(partition, CancellationToken.None) > 0)
            {
            }
            publisher.FailuresLeft = 1;
        }

        Assert.Empty(await RowsAsync());
        var published = publisher.Published.ToList();
        Assert.Equal(before.Count, published.Count);
        Assert.Equal(before.Select(r => (r.Partition, r.Sequence)).Order(), published.Select(m => (m.Partition, m.Sequence)).Order());
        foreach (var partition in published.GroupBy(m => m.Partition))
            Assert.Equal(partition.Select(m => m.Sequence).Order(), partition.Select(m => m.Sequence));
    }

    [Fact]
    public async Task Only_one_drainer_in_the_cluster_drains_a_partition()
    {
        var first = new RecordingPublisher();
        var second = new RecordingPublisher();
        using var stop = new CancellationTokenSource();
        var options = new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(10) };
        var one = new OutboxDrainer(DataSource, Store, first, options, NullLogger.Instance).RunAsync(7, stop.Token);
        await Task.Delay(300);
        var two = new OutboxDrainer(DataSource, Store, second, options, NullLogger.Instance).RunAsync(7, stop.Token);
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            await using var insert = new NpgsqlCommand(
                "insert into edrs_outbox (partition, sequence, topic, message_key, payload, created_at) values (7, 1, 'test.one', 'k', '{}', now()), (7, 2, 'test.two', 'k', '{}', now())",
                connection);
            await insert.ExecuteNonQueryAsync();
        }
        for (var i = 0; i < 200 && first.Published.Count + second.Published.Count < 2; i++)
            await Task.Delay(25);
        stop.Cancel();
        await Task.WhenAll(one, two);
        Assert.Equal([1L, 2L], first.Published.Select(m => m.Sequence));
        Assert.Empty(second.Published);
    }

    private async Task<List<OutboxRow>> RowsAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select partition, sequence, topic, message_key, payload::text from edrs_outbox order by partition, sequence", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new OutboxRow(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return rows;
    }

    private sealed record OutboxRow(int Partition, long Sequence, string Topic, string Key, string Payload);
}
