using System.Text.Json.Serialization;
using EDRS.Hosting.Options;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.Tenancy;

namespace EDRS.Hosts.Gateway;

/// <summary>The REST conventions every resource shares: camelCase JSON, problem details for every error, OpenAPI.</summary>
public static class GatewayApi
{
    public static IHostApplicationBuilder AddGatewayApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TenancyOptions>(TenancyOptions.Section, o => o.Validate());
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        // Malformed bodies throw instead of silently answering an empty 400, so the handler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseGatewayApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/api/openapi.json");
        return app;
    }
}
