namespace EDRS.Events.Tests.Grpc;

/// <summary>The gateway on real Kestrel, so gRPC (h2c) can reach it.</summary>
public sealed class GrpcEventsGateway : EventsGateway
{
    protected override bool UseKestrel => true;
}
