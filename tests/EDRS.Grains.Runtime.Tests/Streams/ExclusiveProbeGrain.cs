using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests.Streams;

/// <summary>A test grain with the default stream concurrency: a stream holds the grain like a unary call.</summary>
public sealed class ExclusiveProbeGrain : ExclusiveProbe.ExclusiveProbeBase, IJournaledGrain
{
    private readonly ProbeJournal _journal = new();

    public ExclusiveProbeGrain(GrainActivation activation) => Identity = activation.Identity.ClusterIdentity;

    public string Identity { get; }

    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<ExclusiveProbe.ExclusiveProbeBase, ExclusiveProbeGrain>(ExclusiveProbe.Descriptor, ExclusiveProbe.BindService);

    public Task RecoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task Stream(ProbeStreamRequest request, IServerStreamWriter<ProbeItem> responseStream, ServerCallContext context) =>
        _journal.StreamAsync(request, responseStream, context);

    public override Task<ProbeLog> Touch(ProbeTouch request, ServerCallContext context) => Task.FromResult(_journal.Touch());
}
