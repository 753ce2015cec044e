using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace EDRS.Hosts.Gateway.OpenApi;

/// <summary>
/// The API leaves null properties out of its JSON (<see cref="JsonIgnoreCondition.WhenWritingNull"/>), so a
/// nullable property is optional in what clients receive: it must not be listed as required.
/// </summary>
internal sealed class OptionalNullsSchemaTransformer(IOptions<JsonOptions> json) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (json.Value.SerializerOptions.DefaultIgnoreCondition != JsonIgnoreCondition.WhenWritingNull
            || context.JsonPropertyInfo is not null
            || schema.Required is not { Count: > 0 } required)
            return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.IsGetNullable)
                required.Remove(property.Name);
        }
        return Task.CompletedTask;
    }
}
