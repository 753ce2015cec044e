using EDRS.Grains.Contracts.Personas;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// One way the load sends a <c>RememberFact</c>: the typed grain client from a cluster member, or REST through the
/// gateway process. A failure is an <see cref="Grpc.Core.RpcException"/> with the status the caller was told.
/// </summary>
internal interface IFactSender
{
    /// <summary>A short name for reports (<c>grpc</c>, <c>rest</c>).</summary>
    string Name { get; }

    Task<FactAck> SendAsync(RememberFactRequest request, TimeSpan deadline);
}
