using System.Globalization;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// gRPC calls refused before they reach a service (no token, wrong role, over the rate limit) must still
/// answer in gRPC: a plain HTTP 401/403/429 would reach clients as UNAUTHENTICATED/PERMISSION_DENIED/UNAVAILABLE
/// by the HTTP-to-gRPC mapping, and 429 would lose RESOURCE_EXHAUSTED.
/// </summary>
public static class GrpcCalls
{
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Answers with a trailers-only gRPC response: HTTP 200, the status in the headers, no message.</summary>
    public static Task WriteStatusAsync(HttpContext context, StatusCode code, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        // grpc-message is percent-encoded (gRPC over HTTP/2 spec).
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
