using System.Security.Claims;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>What a <see cref="GrainRpc.Handler"/> gets: the caller's tenant, the grain, an invoker for it (the key claimed on the first command) and the call's options.</summary>
/// <param name="Services">The gateway's services.</param>
/// <param name="Tenant">The token's tenant.</param>
/// <param name="Key">The grain key the request names.</param>
/// <param name="Invoker">Calls the grain <c>{tenant}/{key}</c>.</param>
/// <param name="Options">The client's deadline and cancellation.</param>
/// <param name="User">The caller as the token says (roles, subject).</param>
public sealed record GrainRpcCall(IServiceProvider Services, string Tenant, string Key, CallInvoker Invoker, CallOptions Options, ClaimsPrincipal User);
