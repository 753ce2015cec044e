using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Actors.Knowledge;

/// <summary>
/// Failures of the knowledge components that run outside a grain (ingestion, search, routing), as the same
/// <see cref="RpcException"/> a grain's refusal arrives as, so every edge maps both in one place.
/// </summary>
public static class KnowledgeErrors
{
    public static RpcException Invalid(string field, string description) => GrainFaults.ToRpcException(GrainException.Invalid(field, description).ToFault());

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException Unavailable(string message) => new(new Status(StatusCode.Unavailable, message));
}
