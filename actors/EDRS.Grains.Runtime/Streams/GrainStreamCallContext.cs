using Grpc.Core;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The <see cref="ServerCallContext"/> of a server-streaming grain call: unlike a unary call it carries the caller's
/// deadline and a token that fires when the caller cancels, disconnects or the deadline passes.
/// </summary>
internal sealed class GrainStreamCallContext(string method, string peer, DateTime deadline, CancellationToken cancellationToken) : ServerCallContext
{
    private readonly Metadata _requestHeaders = [];
    private readonly Metadata _responseTrailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => "cluster";

    protected override string PeerCore => peer;

    protected override DateTime DeadlineCore => deadline;

    protected override Metadata RequestHeadersCore => _requestHeaders;

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "Grains do not propagate gRPC calls."));

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
