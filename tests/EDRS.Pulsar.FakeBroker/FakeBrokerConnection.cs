using System.Net.Sockets;
using System.Threading.Channels;
using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar.FakeBroker;

/// <summary>One client connection to the fake broker: a read loop feeding the broker, an ordered writer, and the producers and consumers opened on it.</summary>
internal sealed class FakeBrokerConnection
{
    private readonly TcpClient tcp;
    private Stream stream;
    private readonly FakePulsarBroker broker;
    private readonly Channel<byte[]> outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stop = new();
    private int closed;

    public FakeBrokerConnection(TcpClient tcp, FakePulsarBroker broker)
    {
        this.tcp = tcp;
        this.broker = broker;
        stream = tcp.GetStream();
    }

    public bool Handshaken { get; set; }

    /// <summary>Reads and discards everything, answers nothing (a hung broker): keep-alive must notice.</summary>
    public bool Silenced { get; set; }

    public Dictionary<ulong, FakeProducer> Producers { get; } = [];

    public HashSet<ulong> ClosedProducerIds { get; } = [];

    /// <summary>Producers whose write failed: like a broker whose ledger write failed, every later SEND of theirs fails too until they are re-created.</summary>
    public HashSet<ulong> FailedProducerIds { get; } = [];

    public Dictionary<ulong, FakeConsumer> Consumers { get; } = [];

    public bool IsClosed => Volatile.Read(ref closed) != 0;

    public void Start() => _ = Task.Run(async () =>
    {
        if (broker.Options.TlsCertificate is { } certificate)
        {
            var ssl = new System.Net.Security.SslStream(stream, leaveInnerStreamOpen: false);
            stream = ssl;
            try
            {
                await ssl.AuthenticateAsServerAsync(certificate).WaitAsync(TimeSpan.FromSeconds(10), stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                Close();
                return;
            }
        }

        _ = Task.Run(WriteLoopAsync);
        await ReadLoopAsync().ConfigureAwait(false);
    });

    public void Send(byte[] frame)
    {
        if (!Silenced)
            outbound.Writer.TryWrite(frame);
    }

    public void Send(BaseCommand command) => Send(PulsarFrameCodec.Encode(command));

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                PulsarFrame? frame;
                try
                {
                    frame = await PulsarFrameCodec.ReadAsync(stream, broker.Options.MaxMessageSize + PulsarFrameCodec.FramePadding, stop.Token);
                }
                catch (PulsarProtocolException e)
                {
                    broker.Violation($"unreadable frame: {e.Message}");
                    break;
                }

                if (frame is null)
                    break;
                if (Silenced)
                    continue;
                if (frame.Type == BaseCommand.Types.Type.Connect && frame.Command.Connect.HasProxyToBrokerUrl && !Handshaken)
                {
                    await ProxyAsync(frame.Command).ConfigureAwait(false);
                    return;
                }

                if (!broker.Handle(this, frame))
                    break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
        }

        Close();
    }

    /// <summary>
    /// Acts as a Pulsar proxy for this connection: opens a connection to the broker named in
    /// <c>proxy_to_broker_url</c>, forwards the CONNECT, then copies bytes both ways.
    /// </summary>
    private async Task ProxyAsync(BaseCommand connect)
    {
        var target = connect.Connect.ProxyToBrokerUrl;
        broker.Proxied(target);
        var colon = target.LastIndexOf(':');
        using var upstream = new TcpClient { NoDelay = true };
        await upstream.ConnectAsync(target[..colon], int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), stop.Token).ConfigureAwait(false);
        var upstreamStream = upstream.GetStream();
        var forwarded = connect.Clone();
        forwarded.Connect.ClearProxyToBrokerUrl();
        await upstreamStream.WriteAsync(PulsarFrameCodec.Encode(forwarded), stop.Token).ConfigureAwait(false);
        outbound.Writer.TryComplete();
        var toBroker = stream.CopyToAsync(upstreamStream, stop.Token);
        var toClient = upstreamStream.CopyToAsync(stream, stop.Token);
        try
        {
            await Task.WhenAny(toBroker, toClient).ConfigureAwait(false);
        }
        finally
        {
            Close();
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            var reader = outbound.Reader;
            while (await reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                    await stream.WriteAsync(frame, stop.Token).ConfigureAwait(false);
                await stream.FlushAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
        }
    }

    /// <summary>Drops the connection at once (what a crashing broker or a cut network does); the broker forgets its producers and consumers.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
            return;
        outbound.Writer.TryComplete();
        stop.Cancel();
        try
        {
            tcp.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        tcp.Dispose();
        broker.Disconnected(this);
    }

    /// <summary>Writes what is queued, then closes (used after an ERROR that ends the connection).</summary>
    public void CloseAfterFlush()
    {
        outbound.Writer.TryComplete();
        _ = Task.Run(async () =>
        {
            try
            {
                await outbound.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                await Task.Delay(50).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }

            Close();
        });
    }
}
