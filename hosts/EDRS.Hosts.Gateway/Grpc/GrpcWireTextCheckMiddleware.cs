namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// Puts <see cref="CheckedGrpcRequestStream"/> under every gRPC call to a served rpc, so each message the client sends is
/// checked on the wire (strings must be UTF-8 without NUL) before gRPC parses it — unary, server- and client-streaming
/// alike, whatever the service.
/// </summary>
internal sealed class GrpcWireTextCheckMiddleware(RequestDelegate next, GrpcRequestTypes types)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (GrpcCalls.IsGrpc(context) && types.InputOf(context.Request.Path) is { } type)
        {
            var checkedBody = new CheckedGrpcRequestStream(context.Request.Body, type, context.Request.Headers["grpc-encoding"].ToString());
            context.Request.Body = checkedBody;
            context.Response.RegisterForDispose(checkedBody);
        }
        return next(context);
    }
}
