using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests.Streams;

/// <summary>A test grain registered with concurrent streams: calls keep running while a stream is open.</summary>
public sealed class ConcurrentProbeGrain : ConcurrentProbe.ConcurrentProbeBase, IJournaledGrain
{
    private readonly ProbeJournal _journal = new();

    public ConcurrentProbeGrain(GrainActivation activation) => Identity = activation.Identity.ClusterIdentity;

    public string Identity { get; }

    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<ConcurrentProbe.ConcurrentProbeBase, ConcurrentProbeGrain>(ConcurrentProbe.Descriptor, ConcurrentProbe.BindService, concurrentStreams: true);

    public Task RecoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task Stream(ProbeStreamRequest request, IServerStreamWriter<ProbeItem> responseStream, ServerCallContext context) =>
        _journal.StreamAsync(request, responseStream, context);

    public override Task<ProbeLog> Touch(ProbeTouch request, ServerCallContext context) => Task.FromResult(_journal.Touch());
}
