using System.Globalization;
using EDRS.Actors.Paging;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// OpenAPI for a paged read: <c>limit</c> and <c>cursor</c> are parsed by hand (so a bad value is a 400 naming it) and
/// documented here as what they accept.
/// </summary>
public static class PagingDocs
{
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> For(PageSize size, string items) =>
        (operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Name == "limit")
                {
                    parameter.Description = $"{items} per page, 1 to {size.Max}; default {size.Default}.";
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = size.Max.ToString(CultureInfo.InvariantCulture),
                        Default = size.Default,
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
