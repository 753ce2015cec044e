using EDRS.Grains.Contracts.Sessions;
using EDRS.Hosts.Gateway.Grpc;

namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>
/// The session grain service over gRPC: every rpc of <c>edrs.sessions.v1.SessionGrain</c>, keyed by <c>session_id</c>;
/// <c>SayStreaming</c> is a server stream of the reply's pieces, forwarded as the grain produces them.
/// </summary>
public static class SessionsGrpc
{
    /// <summary>Talking to personas needs the <c>user</c> role, as on the REST side.</summary>
    public static GrainServiceRegistry ServeSessions(this GrainServiceRegistry grpc) =>
        grpc.Serve<SessionGrain.SessionGrainBase>(SessionGrain.Descriptor, SessionGrain.BindService, "session_id");
}
