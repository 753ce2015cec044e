using Grpc.Core;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The <see cref="ServerCallContext"/> a grain's generated service methods receive inside the actor.
/// Proto.Cluster carries neither gRPC deadlines nor headers to the grain; what a grain needs travels in its messages.
/// </summary>
internal sealed class GrainCallContext(string method, string peer) : ServerCallContext
{
    private readonly Metadata _requestHeaders = [];
    private readonly Metadata _responseTrailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => "cluster";

    protected override string PeerCore => peer;

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => _requestHeaders;

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "Grains do not propagate gRPC calls."));

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
