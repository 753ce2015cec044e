namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>Endpoint metadata: calls to this endpoint count against the calling client's limits.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ClientRateLimitedAttribute : Attribute;
