using System.Text;
using EDRS.Pulsar.FakeBroker;
using EDRS.Pulsar.Protocol;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>Producers against the fake broker (a test double that deduplicates by producer name and sequence id, as a broker with deduplication on does).</summary>
public sealed class ProducerTests
{
    private static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    [Fact]
    public async Task Messages_are_stored_in_order_with_the_producer_name_and_sequence_ids_from_zero()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "persistent://edrs/events/persona.hired", ProducerName = "outbox-0" });

        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => producer.SendAsync(Text($"m{i}"), key: $"k{i % 3}", properties: new Dictionary<string, string> { ["i"] = $"{i}" })));

        var stored = broker.Published("persistent://edrs/events/persona.hired");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), stored.Select(m => m.SequenceId));
        Assert.All(stored, m => Assert.Equal("outbox-0", m.ProducerName));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"m{i}"), stored.Select(m => Text(m.Payload)));
        Assert.Equal("k1", stored[4].Key);
        Assert.Equal("4", stored[4].Properties["i"]);
        Assert.Equal(stored.Select(m => m.Id), ids);
        Assert.Equal(49, producer.LastSequenceIdPersisted);
        Assert.Empty(broker.ProtocolViolations);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_the_connection_drops_mid_send_each_sequence_id_is_stored_exactly_once_and_in_order(bool persistedBeforeTheDrop)
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "drop", ProducerName = "dropper" });
        broker.DropConnectionOnSend(7, persistedBeforeTheDrop);

        var sends = Enumerable.Range(0, 40).Select(i => producer.SendAsync(Text($"m{i}"))).ToList();
        await Eventually.Within(Task.WhenAll(sends), "all 40 sends to be confirmed");

        Assert.True(broker.ConnectionsAccepted >= 2, "the connection was dropped and re-opened");
        var stored = broker.Published("drop");
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), stored.Select(m => m.SequenceId));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"m{i}"), stored.Select(m => Text(m.Payload)));
        Assert.Equal(0, producer.PendingCount);
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_restarted_producer_resumes_after_the_brokers_last_sequence_id_and_replayed_ids_are_duplicates()
    {
        await using var broker = FakePulsarBroker.Start();
        await using (var first = PulsarTestClient.Create(broker))
        {
            await using var producer = await first.CreateProducerAsync(new PulsarProducerOptions { Topic = "restart", ProducerName = "outbox-7" });
            for (var i = 0; i < 5; i++)
                await producer.SendAsync(Text($"m{i}"), sequenceId: 100 + i);
        }

        await using var second = PulsarTestClient.Create(broker);
        await using var again = await second.CreateProducerAsync(new PulsarProducerOptions { Topic = "restart", ProducerName = "outbox-7" });

        Assert.Equal(104, again.LastSequenceIdPersisted);
        var replayed = await again.SendAsync(Text("m3"), sequenceId: 103);
        var next = await again.SendAsync(Text("m5"));

        Assert.True(replayed.IsDuplicate);
        Assert.False(next.IsDuplicate);
        Assert.Equal([100L, 101, 102, 103, 104, 105], broker.Published("restart").Select(m => m.SequenceId));
        Assert.True((await again.SendAsync(Text("m5"), sequenceId: 105)).IsDuplicate);
    }

    [Fact]
    public async Task A_sequence_id_that_does_not_increase_and_is_not_known_persisted_is_refused_naming_the_argument()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "order", ProducerName = "order-p" });
        broker.SilenceConnections();
        var unconfirmed = producer.SendAsync(Text("a"), sequenceId: 300);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => producer.SendAsync(Text("b"), sequenceId: 250));

        Assert.Equal("sequenceId", error.ParamName);
        Assert.False(unconfirmed.IsCompleted);
    }

    [Fact]
    public async Task A_sequence_id_the_broker_reported_persisted_completes_as_a_duplicate_without_being_sent_again()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using (var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "dedup", ProducerName = "dedup-p" }))
            await producer.SendAsync(Text("a"), sequenceId: 10);

        await using var other = PulsarTestClient.Create(broker);
        await using var restarted = await other.CreateProducerAsync(new PulsarProducerOptions { Topic = "dedup", ProducerName = "dedup-p" });
        var id = await restarted.SendAsync(Text("a"), sequenceId: 10);

        Assert.True(id.IsDuplicate);
        Assert.Equal(1, broker.Received(BaseCommand.Types.Type.Send));
        Assert.Single(broker.Published("dedup"));
    }

    [Fact]
    public async Task Sends_beyond_the_pending_limit_wait_in_line_and_go_out_in_call_order()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "line", MaxPendingMessages = 2 });

        var sends = Enumerable.Range(0, 30).Select(i => producer.SendAsync(Text($"m{i}"), sequenceId: 1000 + i)).ToList();
        await Eventually.Within(Task.WhenAll(sends), "all sends to be confirmed");

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"m{i}"), broker.Published("line").Select(m => Text(m.Payload)));
        Assert.Equal(Enumerable.Range(1000, 30).Select(i => (long)i), broker.Published("line").Select(m => m.SequenceId));
    }

    [Fact]
    public async Task Sending_a_pending_sequence_id_again_waits_for_the_first_send_and_stores_it_once()
    {
        await using var broker = FakePulsarBroker.Start();
        var options = PulsarTestClient.Options(broker);
        options.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        await using var client = new PulsarClient(options);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "retry", ProducerName = "retry-p" });
        broker.SilenceConnections();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producer.SendAsync(Text("a"), sequenceId: 5, cancellationToken: timeout.Token));
        var retried = await Eventually.Within(producer.SendAsync(Text("a"), sequenceId: 5), "the retried send");

        Assert.False(retried.IsDuplicate);
        Assert.Equal([5L], broker.Published("retry").Select(m => m.SequenceId));
    }

    [Fact]
    public async Task A_producer_closed_by_the_broker_is_re_created_and_carries_on()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "unload" });
        for (var i = 0; i < 5; i++)
            await producer.SendAsync(Text($"m{i}"));

        Assert.Equal(1, broker.CloseProducers("unload"));
        var after = await Task.WhenAll(Enumerable.Range(5, 5).Select(i => producer.SendAsync(Text($"m{i}"))));

        Assert.All(after, id => Assert.False(id.IsDuplicate));
        Assert.Equal(2, broker.Received(BaseCommand.Types.Type.Producer));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), broker.Published("unload").Select(m => Text(m.Payload)));
        Assert.Equal(1, broker.ConnectionsAccepted);
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_lookup_redirect_is_followed_to_the_owning_broker_with_the_authoritative_flag()
    {
        await using var owner = FakePulsarBroker.Start();
        await using var front = FakePulsarBroker.Start();
        front.RedirectLookupsTo(owner, authoritative: true);
        await using var client = PulsarTestClient.Create(front);

        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "owned" });
        await producer.SendAsync(Text("hello"));

        Assert.Single(owner.Published("owned"));
        Assert.Empty(front.Published("owned"));
        Assert.Equal([new FakeLookup("persistent://public/default/owned", false)], front.Lookups);
        Assert.Equal([new FakeLookup("persistent://public/default/owned", true)], owner.Lookups);
        Assert.Empty(owner.ProtocolViolations);
    }

    [Fact]
    public async Task With_proxy_through_service_url_the_client_connects_through_the_proxy_naming_the_broker()
    {
        await using var owner = FakePulsarBroker.Start();
        await using var proxy = FakePulsarBroker.Start();
        proxy.ProxyTo(owner);
        await using var client = PulsarTestClient.Create(proxy);

        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "proxied" });
        await producer.SendAsync(Text("via proxy"));

        Assert.Single(owner.Published("proxied"));
        Assert.Equal([$"127.0.0.1:{owner.Port}"], proxy.ProxiedConnections);
        Assert.Empty(owner.ProtocolViolations);
    }

    [Fact]
    public async Task Creating_a_producer_on_a_topic_the_broker_does_not_have_fails_with_topic_not_found()
    {
        await using var broker = FakePulsarBroker.Start(new FakeBrokerOptions { AutoCreateTopics = false });
        await using var client = PulsarTestClient.Create(broker);

        var error = await Assert.ThrowsAsync<PulsarException>(() => client.CreateProducerAsync(new PulsarProducerOptions { Topic = "missing" }));

        Assert.Equal(ServerError.TopicNotFound, error.ServerError);
    }

    [Fact]
    public async Task A_payload_over_the_maximum_message_size_is_refused_before_sending()
    {
        await using var broker = FakePulsarBroker.Start();
        var options = PulsarTestClient.Options(broker);
        options.MaxMessageSize = 2048;
        await using var client = new PulsarClient(options);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "big" });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => producer.SendAsync(new byte[2049]));
        Assert.Equal("payload", error.ParamName);
        Assert.Empty(broker.Published("big"));
    }
}
