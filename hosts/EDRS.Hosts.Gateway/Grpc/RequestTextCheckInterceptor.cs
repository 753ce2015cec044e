using EDRS.Grains.Runtime;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// The edges' shared text check (<see cref="TextHygiene"/>) on the request of every unary and server-streaming rpc the
/// gateway serves, whatever its service: by reflection over the message, every string field, nested, repeated or in a
/// map, and the JSON a <c>(edrs.json_text)</c> field carries. NUL or an unpaired surrogate anywhere is INVALID_ARGUMENT
/// with a google.rpc.BadRequest naming the field by its proto path (<c>profile.skills[1]</c>, <c>metadata.k</c>,
/// <c>payload.note</c>). Client streams are checked message by message by their service, which refuses a bad message
/// alone (event ingestion).
/// </summary>
internal sealed class RequestTextCheckInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, responseStream, context);
    }

    private static void Check(object request)
    {
        if (request is IMessage message && TextHygiene.InMessage(message, FieldNaming.Proto) is { } violation)
            throw GrainStatusMapping.InvalidProtoField(violation.Field.Length > 0 ? violation.Field : "request", violation.Description);
    }
}
