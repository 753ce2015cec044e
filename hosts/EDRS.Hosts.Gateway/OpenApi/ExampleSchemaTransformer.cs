using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EDRS.Hosts.Gateway.OpenApi;

/// <summary>Puts an example on the schema of each API type that has one in <see cref="OpenApiExamples"/>.</summary>
internal sealed class ExampleSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && OpenApiExamples.For(context.JsonTypeInfo.Type) is { } example)
            schema.Examples = [example];
        return Task.CompletedTask;
    }
}
