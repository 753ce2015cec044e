using System.Net.Sockets;
using EDRS.Pulsar.FakeBroker;
using EDRS.Pulsar.Protocol;
using EDRS.Testing;
using Google.Protobuf;

namespace EDRS.Pulsar.Tests;

/// <summary>
/// The fake broker is a test double; these tests speak raw frames to it to show that it rejects what a broker rejects,
/// so that "no protocol violations" in the client tests means something.
/// </summary>
public sealed class FakeBrokerStrictnessTests
{
    private static BaseCommand Connect(string? token = null)
    {
        var connect = new CommandConnect { ClientVersion = "raw-test", ProtocolVersion = 15 };
        if (token is not null)
        {
            connect.AuthMethodName = "token";
            connect.AuthData = ByteString.CopyFromUtf8(token);
        }

        return new BaseCommand { Type = BaseCommand.Types.Type.Connect, Connect = connect };
    }

    private static byte[] Send(ulong producerId, ulong sequenceId, string producerName = "raw") => PulsarFrameCodec.Encode(
        new BaseCommand { Type = BaseCommand.Types.Type.Send, Send = new CommandSend { ProducerId = producerId, SequenceId = sequenceId } },
        new MessageMetadata { ProducerName = producerName, SequenceId = sequenceId, PublishTime = 1 },
        new byte[] { 1, 2, 3 });

    private static async Task<(TcpClient Tcp, NetworkStream Stream)> OpenAsync(FakePulsarBroker broker)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", broker.Port);
        return (tcp, tcp.GetStream());
    }

    private static async Task<PulsarFrame?> ReadAsync(Stream stream) =>
        await PulsarFrameCodec.ReadAsync(stream, PulsarFrameCodec.DefaultMaxMessageSize + PulsarFrameCodec.FramePadding, CancellationToken.None).AsTask().WaitAsync(Eventually.Patience);

    [Fact]
    public async Task A_first_command_other_than_connect_is_a_violation_and_ends_the_connection()
    {
        await using var broker = FakePulsarBroker.Start();
        var (tcp, stream) = await OpenAsync(broker);
        using (tcp)
        {
            await stream.WriteAsync(PulsarFrameCodec.Encode(new BaseCommand { Type = BaseCommand.Types.Type.Ping, Ping = new CommandPing() }));

            Assert.Null(await ReadAsync(stream));
        }

        Assert.Contains("first command was Ping, not CONNECT", broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_send_before_producer_success_is_a_violation()
    {
        await using var broker = FakePulsarBroker.Start();
        var (tcp, stream) = await OpenAsync(broker);
        using (tcp)
        {
            await stream.WriteAsync(PulsarFrameCodec.Encode(Connect()));
            Assert.Equal(BaseCommand.Types.Type.Connected, (await ReadAsync(stream))!.Type);
            await stream.WriteAsync(Send(producerId: 9, sequenceId: 0));

            Assert.Null(await ReadAsync(stream));
        }

        Assert.Contains("SEND for producer id 9 before PRODUCER_SUCCESS", broker.ProtocolViolations);
        Assert.Empty(broker.Published("anything"));
    }

    [Fact]
    public async Task A_flow_before_subscribe_succeeded_is_a_violation()
    {
        await using var broker = FakePulsarBroker.Start();
        var (tcp, stream) = await OpenAsync(broker);
        using (tcp)
        {
            await stream.WriteAsync(PulsarFrameCodec.Encode(Connect()));
            await ReadAsync(stream);
            await stream.WriteAsync(PulsarFrameCodec.Encode(new BaseCommand { Type = BaseCommand.Types.Type.Flow, Flow = new CommandFlow { ConsumerId = 4, MessagePermits = 10 } }));
            await Eventually.TrueAsync(() => broker.Received(BaseCommand.Types.Type.Flow) == 1, "the broker read the FLOW");
        }

        Assert.Contains("FLOW for consumer id 4 before SUBSCRIBE succeeded", broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_send_with_a_wrong_checksum_is_answered_with_a_checksum_error_and_not_stored()
    {
        await using var broker = FakePulsarBroker.Start();
        var (tcp, stream) = await OpenAsync(broker);
        using (tcp)
        {
            await stream.WriteAsync(PulsarFrameCodec.Encode(Connect()));
            await ReadAsync(stream);
            await stream.WriteAsync(PulsarFrameCodec.Encode(new BaseCommand
            {
                Type = BaseCommand.Types.Type.Producer,
                Producer = new CommandProducer { Topic = "persistent://public/default/raw", ProducerId = 1, RequestId = 1, ProducerName = "raw" },
            }));
            var success = await ReadAsync(stream);
            Assert.Equal(BaseCommand.Types.Type.ProducerSuccess, success!.Type);
            Assert.Equal(-1, success.Command.ProducerSuccess.LastSequenceId);

            var damaged = Send(producerId: 1, sequenceId: 0);
            damaged[^1] ^= 0xFF;
            await stream.WriteAsync(damaged);
            var answer = await ReadAsync(stream);

            Assert.Equal(BaseCommand.Types.Type.SendError, answer!.Type);
            Assert.Equal(ServerError.ChecksumError, answer.Command.SendError.Error);
        }

        Assert.Empty(broker.Published("raw"));
    }

    [Fact]
    public async Task A_frame_over_the_size_limit_is_a_violation()
    {
        await using var broker = FakePulsarBroker.Start(new FakeBrokerOptions { MaxMessageSize = 1024 });
        var (tcp, stream) = await OpenAsync(broker);
        using (tcp)
        {
            await stream.WriteAsync(PulsarFrameCodec.Encode(Connect()));
            await ReadAsync(stream);
            await stream.WriteAsync(new byte[] { 0, 1, 0, 0 }); // 65,536 bytes announced

            Assert.Null(await ReadAsync(stream));
        }

        Assert.Single(broker.ProtocolViolations, v => v.Contains("unreadable frame", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_sequence_id_of_the_same_producer_is_stored_once()
    {
        await using var broker = FakePulsarBroker.Start();
        var (tcp, stream) = await OpenAsync(broker);
        using (tcp)
        {
            await stream.WriteAsync(PulsarFrameCodec.Encode(Connect()));
            await ReadAsync(stream);
            await stream.WriteAsync(PulsarFrameCodec.Encode(new BaseCommand
            {
                Type = BaseCommand.Types.Type.Producer,
                Producer = new CommandProducer { Topic = "persistent://public/default/raw-dedup", ProducerId = 1, RequestId = 1, ProducerName = "raw" },
            }));
            await ReadAsync(stream);

            await stream.WriteAsync(Send(1, 5));
            var first = await ReadAsync(stream);
            await stream.WriteAsync(Send(1, 5));
            var second = await ReadAsync(stream);

            Assert.Equal(0ul, first!.Command.SendReceipt.MessageId.EntryId);
            Assert.Equal(ulong.MaxValue, second!.Command.SendReceipt.MessageId.LedgerId);
        }

        Assert.Single(broker.Published("raw-dedup"));
        Assert.Equal(1, broker.DuplicatesDropped);
    }
}
