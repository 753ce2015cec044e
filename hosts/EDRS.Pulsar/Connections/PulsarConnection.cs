using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EDRS.Pulsar.Protocol;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace EDRS.Pulsar.Connections;

/// <summary>
/// One TCP (or TLS) connection to a broker: the CONNECT handshake, a read loop that dispatches commands to requests,
/// producers and consumers, a single writer that keeps frames in the order they were queued, and keep-alive PINGs
/// that detect a dead peer. Once closed it stays closed; the client opens a new one.
/// </summary>
internal sealed class PulsarConnection : IAsyncDisposable
{
    /// <summary>What we tell the broker in CONNECT: v15 covers Key_Shared (v14) and binary lookup (v7); no broker entry metadata is asked for.</summary>
    public const int ProtocolVersion = 15;

    public const string ClientVersion = "EDRS.Pulsar/1.0";

    private readonly TcpClient tcp;
    private readonly Stream stream;
    private readonly PulsarClientOptions options;
    private readonly ILogger logger;
    private readonly Channel<byte[]> outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<BaseCommand>> requests = new();
    private readonly ConcurrentDictionary<ulong, IProducerListener> producers = new();
    private readonly ConcurrentDictionary<ulong, IConsumerListener> consumers = new();
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int maxFrameSize;
    private long lastReceivedTimestamp;
    private int closing;
    private Task loops = Task.CompletedTask;

    private PulsarConnection(TcpClient tcp, Stream stream, BrokerAddress logical, BrokerAddress physical, PulsarClientOptions options, ILogger logger)
    {
        this.tcp = tcp;
        this.stream = stream;
        this.options = options;
        this.logger = logger;
        Logical = logical;
        Physical = physical;
        maxFrameSize = options.MaxMessageSize + PulsarFrameCodec.FramePadding;
        lastReceivedTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The broker that owns the topics served over this connection.</summary>
    public BrokerAddress Logical { get; }

    /// <summary>Where the socket goes: the broker itself, or the service URL when a proxy forwards to <see cref="Logical"/>.</summary>
    public BrokerAddress Physical { get; }

    public bool IsClosed => Volatile.Read(ref closing) != 0;

    /// <summary>Completes when the connection has closed, for whatever reason.</summary>
    public Task Closed => closed.Task;

    /// <summary>The broker's maximum message size (CONNECTED), else the configured one.</summary>
    public int MaxMessageSize { get; private set; }

    public static async Task<PulsarConnection> OpenAsync(BrokerAddress logical, BrokerAddress physical, PulsarClientOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var tcp = new TcpClient { NoDelay = true };
        Stream? stream = null;
        try
        {
            await tcp.ConnectAsync(physical.Host, physical.Port, timeout.Token).ConfigureAwait(false);
            stream = tcp.GetStream();
            if (physical.UseTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(TlsOptions(physical.Host, options), timeout.Token).ConfigureAwait(false);
            }

            var connection = new PulsarConnection(tcp, stream, logical, physical, options, logger);
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            connection.Start();
            PulsarLog.Connected(logger, physical.ToString(), logical.ToString());
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Dispose(tcp, stream);
            throw new PulsarException($"Connecting to {physical} timed out after {options.ConnectTimeout}.");
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            // A certificate the client does not trust will not become trusted by retrying.
            Dispose(tcp, stream);
            throw new PulsarException($"TLS with {physical} failed: {e.Message} (trust the broker's CA with TlsTrustCertificatesFile)", inner: e, retriable: false);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            Dispose(tcp, stream);
            throw new PulsarException($"Connecting to {physical} failed: {e.Message}", inner: e);
        }
        catch
        {
            Dispose(tcp, stream);
            throw;
        }
    }

    private static void Dispose(TcpClient tcp, Stream? stream)
    {
        stream?.Dispose();
        tcp.Dispose();
    }

    private static SslClientAuthenticationOptions TlsOptions(string host, PulsarClientOptions options)
    {
        var tls = new SslClientAuthenticationOptions { TargetHost = host };
        if (options.TlsAllowInsecureConnection)
        {
            tls.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (options.TlsTrustCertificatesFile is { } file)
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(file);
            tls.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                    return true;
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                    return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return tls;
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var connect = new CommandConnect { ClientVersion = ClientVersion, ProtocolVersion = ProtocolVersion };
        if (options.AuthToken is { } token)
        {
            connect.AuthMethodName = "token";
            connect.AuthData = ByteString.CopyFromUtf8(token);
        }

        if (!Logical.Equals(Physical))
            connect.ProxyToBrokerUrl = Logical.HostAndPort;
        await WriteDirectAsync(PulsarFrameCodec.Encode(new BaseCommand { Type = BaseCommand.Types.Type.Connect, Connect = connect }), cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var frame = await PulsarFrameCodec.ReadAsync(stream, maxFrameSize, cancellationToken).ConfigureAwait(false)
                ?? throw new PulsarException($"{Physical} closed the connection during the handshake.");
            switch (frame.Type)
            {
                case BaseCommand.Types.Type.Connected:
                    // The broker's limit governs what it may send us: never refuse a frame it is allowed to send.
                    MaxMessageSize = frame.Command.Connected.HasMaxMessageSize && frame.Command.Connected.MaxMessageSize > 0
                        ? frame.Command.Connected.MaxMessageSize
                        : options.MaxMessageSize;
                    maxFrameSize = Math.Max(options.MaxMessageSize, MaxMessageSize) + PulsarFrameCodec.FramePadding;
                    return;
                case BaseCommand.Types.Type.AuthChallenge:
                    await WriteDirectAsync(PulsarFrameCodec.Encode(AuthResponse()), cancellationToken).ConfigureAwait(false);
                    break;
                case BaseCommand.Types.Type.Error:
                    var error = frame.Command.Error;
                    if (error.Error == ServerError.AuthenticationError)
                        throw new PulsarAuthenticationException($"{Physical} refused the credentials ({(options.AuthToken is null ? "no token was given" : "token authentication")}): {error.Message}");
                    throw new PulsarException($"{Physical} refused the connection: {error.Error}: {error.Message}", error.Error);
                case BaseCommand.Types.Type.Ping:
                    await WriteDirectAsync(PulsarFrameCodec.Encode(new BaseCommand { Type = BaseCommand.Types.Type.Pong, Pong = new CommandPong() }), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new PulsarException($"{Physical} answered CONNECT with {frame.Type}.");
            }
        }
    }

    private BaseCommand AuthResponse() => new()
    {
        Type = BaseCommand.Types.Type.AuthResponse,
        AuthResponse = new CommandAuthResponse
        {
            ClientVersion = ClientVersion,
            ProtocolVersion = ProtocolVersion,
            Response = new AuthData { AuthMethodName = "token", AuthData_ = ByteString.CopyFromUtf8(options.AuthToken ?? "") },
        },
    };

    private async Task WriteDirectAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Start() => loops = Task.WhenAll(Task.Run(ReadLoopAsync), Task.Run(WriteLoopAsync), Task.Run(KeepAliveLoopAsync));

    /// <summary>Queues a frame; frames go out in the order queued. False when the connection is closed.</summary>
    public bool Send(byte[] frame) => !IsClosed && outbound.Writer.TryWrite(frame);

    public bool Send(BaseCommand command) => Send(PulsarFrameCodec.Encode(command));

    /// <summary>Sends a command that carries <paramref name="requestId"/> and waits for the broker's answer to it.</summary>
    public async Task<BaseCommand> RequestAsync(BaseCommand command, ulong requestId, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<BaseCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        requests[requestId] = answer;
        try
        {
            if (!Send(command))
                throw new PulsarException($"The connection to {Physical} is closed.");
            return await answer.Task.WaitAsync(options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new PulsarException($"{Physical} did not answer {command.Type} within {options.OperationTimeout}.");
        }
        finally
        {
            requests.TryRemove(requestId, out _);
        }
    }

    public void AddProducer(ulong producerId, IProducerListener listener) => producers[producerId] = listener;

    public void RemoveProducer(ulong producerId, IProducerListener listener) => producers.TryRemove(new KeyValuePair<ulong, IProducerListener>(producerId, listener));

    public void AddConsumer(ulong consumerId, IConsumerListener listener) => consumers[consumerId] = listener;

    public void RemoveConsumer(ulong consumerId, IConsumerListener listener) => consumers.TryRemove(new KeyValuePair<ulong, IConsumerListener>(consumerId, listener));

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var frame = await PulsarFrameCodec.ReadAsync(stream, maxFrameSize, stop.Token).ConfigureAwait(false);
                if (frame is null)
                {
                    Close("the broker closed the connection");
                    return;
                }

                Volatile.Write(ref lastReceivedTimestamp, Stopwatch.GetTimestamp());
                Dispatch(frame);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (PulsarProtocolException e)
        {
            Close($"protocol violation: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close(e.Message);
        }
    }

    private void Dispatch(PulsarFrame frame)
    {
        var command = frame.Command;
        switch (frame.Type)
        {
            case BaseCommand.Types.Type.Ping:
                Send(new BaseCommand { Type = BaseCommand.Types.Type.Pong, Pong = new CommandPong() });
                break;
            case BaseCommand.Types.Type.Pong:
                break;
            case BaseCommand.Types.Type.Success:
                Answer(command.Success.RequestId, command);
                break;
            case BaseCommand.Types.Type.Error:
                Answer(command.Error.RequestId, command);
                break;
            case BaseCommand.Types.Type.ProducerSuccess:
                // A producer that is not ready yet (waiting for exclusive access) gets a second PRODUCER_SUCCESS later.
                if (!command.ProducerSuccess.HasProducerReady || command.ProducerSuccess.ProducerReady)
                    Answer(command.ProducerSuccess.RequestId, command);
                break;
            case BaseCommand.Types.Type.LookupResponse:
                Answer(command.LookupTopicResponse.RequestId, command);
                break;
            case BaseCommand.Types.Type.SendReceipt:
                if (producers.TryGetValue(command.SendReceipt.ProducerId, out var receiver))
                    receiver.OnSendReceipt(command.SendReceipt);
                break;
            case BaseCommand.Types.Type.SendError:
                if (producers.TryGetValue(command.SendError.ProducerId, out var failed))
                    failed.OnSendError(command.SendError);
                break;
            case BaseCommand.Types.Type.CloseProducer:
                PulsarLog.ClosedByBroker(logger, "producer", command.CloseProducer.ProducerId, Physical.ToString());
                if (producers.TryRemove(command.CloseProducer.ProducerId, out var closedProducer))
                    closedProducer.OnDisconnected(this);
                break;
            case BaseCommand.Types.Type.Message:
                if (consumers.TryGetValue(command.Message.ConsumerId, out var consumer))
                    consumer.OnMessage(this, frame);
                break;
            case BaseCommand.Types.Type.CloseConsumer:
                PulsarLog.ClosedByBroker(logger, "consumer", command.CloseConsumer.ConsumerId, Physical.ToString());
                if (consumers.TryRemove(command.CloseConsumer.ConsumerId, out var closedConsumer))
                    closedConsumer.OnDisconnected(this);
                break;
            case BaseCommand.Types.Type.AuthChallenge:
                Send(AuthResponse());
                break;
            default:
                PulsarLog.IgnoredCommand(logger, frame.Type.ToString(), Physical.ToString());
                break;
        }
    }

    private void Answer(ulong requestId, BaseCommand command)
    {
        if (requests.TryGetValue(requestId, out var answer))
            answer.TrySetResult(command);
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
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close(e.Message);
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        using var timer = new PeriodicTimer(options.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                var silent = Stopwatch.GetElapsedTime(Volatile.Read(ref lastReceivedTimestamp));
                if (silent > options.KeepAliveInterval * 2)
                {
                    Close($"nothing received for {silent.TotalMilliseconds:F0} ms (keep-alive)");
                    return;
                }

                Send(new BaseCommand { Type = BaseCommand.Types.Type.Ping, Ping = new CommandPing() });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes the connection once: fails outstanding requests and tells every producer and consumer on it.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref closing, 1) != 0)
            return;
        PulsarLog.ConnectionClosed(logger, Physical.ToString(), reason);
        outbound.Writer.TryComplete();
        stop.Cancel();
        Dispose(tcp, stream);
        foreach (var (_, answer) in requests)
            answer.TrySetException(new PulsarException($"The connection to {Physical} closed: {reason}"));
        foreach (var id in producers.Keys)
        {
            if (producers.TryRemove(id, out var producer))
                producer.OnDisconnected(this);
        }

        foreach (var id in consumers.Keys)
        {
            if (consumers.TryRemove(id, out var consumer))
                consumer.OnDisconnected(this);
        }

        closed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        Close("closed by the client");
        try
        {
            await loops.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
