using EDRS.Pulsar.FakeBroker;
using EDRS.Pulsar.Protocol;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>Connection handshake, authentication and keep-alive against the fake broker (a test double: no Pulsar server runs here).</summary>
public sealed class ConnectionTests
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.test-subject.signature";

    [Fact]
    public async Task A_client_with_the_right_token_connects_and_publishes()
    {
        await using var broker = FakePulsarBroker.Start(new FakeBrokerOptions { RequiredToken = Token });
        await using var client = PulsarTestClient.Create(broker, Token);

        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "auth-ok" });
        await producer.SendAsync("x"u8.ToArray());

        Assert.Single(broker.Published("auth-ok"));
        Assert.Equal(0, broker.AuthenticationFailures);
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_wrong_token_fails_at_once_with_an_authentication_error_that_does_not_show_the_token()
    {
        await using var broker = FakePulsarBroker.Start(new FakeBrokerOptions { RequiredToken = Token });
        await using var client = PulsarTestClient.Create(broker, "wrong-secret-token");

        var error = await Assert.ThrowsAsync<PulsarAuthenticationException>(() => client.CreateProducerAsync(new PulsarProducerOptions { Topic = "auth-bad" }));

        Assert.Equal(ServerError.AuthenticationError, error.ServerError);
        Assert.False(error.IsRetriable);
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-token", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, broker.AuthenticationFailures);
    }

    [Fact]
    public async Task No_token_against_a_broker_that_requires_one_is_an_authentication_error()
    {
        await using var broker = FakePulsarBroker.Start(new FakeBrokerOptions { RequiredToken = Token });
        await using var client = PulsarTestClient.Create(broker);

        var error = await Assert.ThrowsAsync<PulsarAuthenticationException>(() => client.SubscribeAsync(new PulsarConsumerOptions { Topic = "auth-none", SubscriptionName = "s" }));
        Assert.Contains("no token was given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_speak_pulsar_fails_at_once_with_a_clear_error()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var http = Task.Run(async () =>
        {
            using var peer = await listener.AcceptTcpClientAsync();
            var stream = peer.GetStream();
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());
            await Task.Delay(500);
        });
        try
        {
            await using var client = new PulsarClient(new PulsarClientOptions { ServiceUrl = $"pulsar://127.0.0.1:{port}", OperationTimeout = TimeSpan.FromSeconds(10) });

            var error = await Assert.ThrowsAsync<PulsarException>(() => client.CreateProducerAsync(new PulsarProducerOptions { Topic = "t" }));

            Assert.False(error.IsRetriable);
            Assert.Contains("did not answer as a Pulsar broker", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await http;
            listener.Stop();
        }
    }

    [Fact]
    public async Task The_client_answers_the_brokers_ping_with_pong()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "ping" });

        Assert.Equal(1, broker.PingAll());

        await Eventually.TrueAsync(() => broker.Received(BaseCommand.Types.Type.Pong) == 1, "the client answered PONG");
    }

    [Fact]
    public async Task The_client_pings_the_broker_to_keep_the_connection_alive()
    {
        await using var broker = FakePulsarBroker.Start();
        var options = PulsarTestClient.Options(broker);
        options.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
        await using var client = new PulsarClient(options);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "keepalive" });

        await Eventually.TrueAsync(() => broker.Received(BaseCommand.Types.Type.Ping) >= 2, "the client sent PINGs");

        await producer.SendAsync("still fine"u8.ToArray());
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_broker_that_stops_answering_is_detected_by_keep_alive_and_the_producer_moves_to_a_new_connection()
    {
        await using var broker = FakePulsarBroker.Start();
        var options = PulsarTestClient.Options(broker);
        options.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        await using var client = new PulsarClient(options);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "silent", ProducerName = "silent-p" });
        await producer.SendAsync("before"u8.ToArray());

        broker.SilenceConnections();
        var during = producer.SendAsync("during"u8.ToArray());

        await Eventually.Within(during, "the message sent while the broker was silent to be confirmed after reconnecting");
        Assert.True(broker.ConnectionsAccepted >= 2);
        Assert.Equal(["before", "during"], broker.Published("silent").Select(m => System.Text.Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.Empty(broker.ProtocolViolations);
    }
}
