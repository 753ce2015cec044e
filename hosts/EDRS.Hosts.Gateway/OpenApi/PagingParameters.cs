using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EDRS.Hosts.Gateway.OpenApi;

/// <summary>
/// Documents the <c>limit</c> and <c>cursor</c> query parameters of a paged list. Handlers parse both by hand, so a bad
/// value is a 400 naming it; the document says what they accept.
/// </summary>
public static class PagingParameters
{
    /// <summary>An operation transformer for a list of <paramref name="items"/> (e.g. "Personas"), pages of 1..<paramref name="max"/>.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Describe(string items, int max, int defaultSize) =>
        (operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Name == "limit")
                {
                    parameter.Description = $"{items} per page, 1 to {max}; default {defaultSize}.";
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = max.ToString(CultureInfo.InvariantCulture),
                        Default = defaultSize,
                    };
                }
                else if (parameter.Name == "cursor")
                {
                    parameter.Description = "The `nextCursor` of the previous page; absent for the first page.";
                }
            }
            return Task.CompletedTask;
        };
}
