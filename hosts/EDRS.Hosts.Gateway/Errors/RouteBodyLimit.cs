using Microsoft.AspNetCore.Http.Metadata;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>A route's own request body limit, in bytes, instead of the API's general one (<see cref="RequestBodyLimitMiddleware"/>).</summary>
public sealed record RouteBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
