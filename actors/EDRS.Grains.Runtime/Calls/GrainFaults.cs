using EDRS.Grains.Contracts;
using Grpc.Core;

namespace EDRS.Grains.Runtime;

/// <summary>Carries grain faults across the wire as gRPC statuses, field violations included.</summary>
public static class GrainFaults
{
    /// <summary>Trailer key under which the field violations of an INVALID_ARGUMENT, and a refusal's reason, travel (serialized <see cref="GrainFault"/>).</summary>
    public const string FaultTrailer = "edrs-grain-fault-bin";

    /// <summary>Trailer key of a retry-after hint in milliseconds (load shedding), as an ASCII number.</summary>
    public const string RetryAfterTrailer = "edrs-retry-after-ms";

    /// <summary>Trailer key of a fault's machine-readable reason (<see cref="GrainFaultReasons"/>), as ASCII.</summary>
    public const string ReasonTrailer = "edrs-fault-reason";

    public static RpcException ToRpcException(GrainFault fault)
    {
        var trailers = new Metadata();
        if (fault.Violations.Count > 0 || fault.Reason.Length > 0)
            trailers.Add(FaultTrailer, Google.Protobuf.MessageExtensions.ToByteArray(fault));
        if (fault.RetryAfterMs > 0)
            trailers.Add(RetryAfterTrailer, fault.RetryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (fault.Reason.Length > 0)
            trailers.Add(ReasonTrailer, fault.Reason);
        return new RpcException(new Status((StatusCode)fault.Code, fault.Message), trailers);
    }

    /// <summary>The retry-after hint an <see cref="RpcException"/> carries, if a grain gave one.</summary>
    public static TimeSpan? RetryAfterOf(RpcException exception) =>
        exception.Trailers.GetValue(RetryAfterTrailer) is { } value
        && int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    /// <summary>The machine-readable reason an <see cref="RpcException"/> carries (<see cref="GrainFaultReasons"/>), if any.</summary>
    public static string? ReasonOf(RpcException exception) => exception.Trailers.GetValue(ReasonTrailer) is { Length: > 0 } reason ? reason : null;

    /// <summary>The field violations an <see cref="RpcException"/> carries, if it came from a grain fault.</summary>
    public static IReadOnlyList<FieldViolation> ViolationsOf(RpcException exception) => FaultOf(exception)?.Violations ?? [];

    /// <summary>The quota a refusal names, when a grain refused the call because a limit is reached (<see cref="GrainException.LimitReached"/>).</summary>
    public static string? LimitReachedOf(RpcException exception) =>
        FaultOf(exception) is { Reason: GrainException.LimitReachedReason } fault ? fault.Limit : null;

    private static GrainFault? FaultOf(RpcException exception) =>
        exception.Trailers.Get(FaultTrailer) is { IsBinary: true } entry ? GrainFault.Parser.ParseFrom(entry.ValueBytes) : null;
}
