namespace EDRS.Hosts.Gateway.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document at <c>/api/openapi.json</c>, Swagger UI at <c>/api/docs</c> and Redoc at
/// <c>/api/redoc</c> (both served from assets embedded in their packages: no CDN at run time).
/// </summary>
public static class OpenApiRegistration
{
    public const string DocumentPath = "/api/openapi.json";

    public static IHostApplicationBuilder AddGatewayOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<GatewayDocumentTransformer>();
            o.AddOperationTransformer<GatewayOperationTransformer>();
            o.AddSchemaTransformer<OptionalNullsSchemaTransformer>();
            o.AddSchemaTransformer<ExampleSchemaTransformer>();
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.DocumentTitle = "EDRS API";
            o.SwaggerEndpoint(DocumentPath, "EDRS API v1");
        });
        app.UseReDoc(o =>
        {
            o.RoutePrefix = "api/redoc";
            o.DocumentTitle = "EDRS API";
            o.SpecUrl = DocumentPath;
        });
        return app;
    }
}
