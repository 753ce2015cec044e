using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Auth;

/// <summary>An external issuer whose tenant, role and tier claims have the gateway's own names (<c>client_id</c>, <c>role</c>, <c>tier</c>).</summary>
public sealed class NativeClaimNamesIssuerGateway() : ExternalIssuerGateway(tenantClaim: "client_id", roleClaim: "role", tierClaim: "tier");
