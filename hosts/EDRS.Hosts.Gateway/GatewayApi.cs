using System.Text.Json.Serialization;
using EDRS.Hosting.Options;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.OpenApi;
using EDRS.Hosts.Gateway.RateLimits;
using EDRS.Hosts.Gateway.Requests;
using EDRS.Hosts.Gateway.Tenancy;

namespace EDRS.Hosts.Gateway;

/// <summary>
/// The conventions every REST resource shares: camelCase JSON, RFC 7807 problem details for every error,
/// a request size limit, OpenAPI 3.1 with Swagger UI and Redoc, and the order in which a request meets
/// authentication, rate limits and authorization.
/// </summary>
public static class GatewayApi
{
    public static IHostApplicationBuilder AddGatewayApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<GatewayApiOptions>(GatewayApiOptions.Section, o => o.Validate());
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // Numbers are JSON numbers, in and out (the web default also reads "5"), so the schema says integer.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        // Malformed bodies throw instead of silently answering an empty 400, so the handler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableDependencyExceptionHandler>();
        // REST and gRPC reach grains only through this: the caller's tenant prefixes every identity.
        services.AddSingleton<TenantGrains>();
        builder.AddGatewayOpenApi();
        return builder;
    }

    public static WebApplication UseGatewayApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        // gRPC messages are checked on the wire as the service reads them (strings must be UTF-8 without NUL).
        app.UseMiddleware<Grpc.GrpcWireTextCheckMiddleware>();
        app.UseAuthentication();
        // After authentication (the client is the token's) and before authorization, so refused calls count too.
        app.UseClientRateLimits();
        app.UseAuthorization();
        // After authorization: only callers let in have their text read; before every endpoint, so none can skip it.
        app.UseMiddleware<RequestTextCheckMiddleware>();
        app.MapApiDocs();
        return app;
    }
}
