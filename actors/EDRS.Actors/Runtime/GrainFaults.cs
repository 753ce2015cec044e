using EDRS.Grains.Contracts;
using Grpc.Core;

namespace EDRS.Actors.Runtime;

/// <summary>Carries grain faults across the wire as gRPC statuses, field violations included.</summary>
public static class GrainFaults
{
    /// <summary>Trailer key under which the field violations of an INVALID_ARGUMENT travel (serialized <see cref="GrainFault"/>).</summary>
    public const string FaultTrailer = "edrs-grain-fault-bin";

    public static RpcException ToRpcException(GrainFault fault)
    {
        var trailers = new Metadata();
        if (fault.Violations.Count > 0)
            trailers.Add(FaultTrailer, Google.Protobuf.MessageExtensions.ToByteArray(fault));
        return new RpcException(new Status((StatusCode)fault.Code, fault.Message), trailers);
    }

    /// <summary>The field violations an <see cref="RpcException"/> carries, if it came from a grain fault.</summary>
    public static IReadOnlyList<FieldViolation> ViolationsOf(RpcException exception)
    {
        var entry = exception.Trailers.Get(FaultTrailer);
        return entry is { IsBinary: true } ? GrainFault.Parser.ParseFrom(entry.ValueBytes).Violations : [];
    }
}
