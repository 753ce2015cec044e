using System.Text.Json;
using EDRS.Actors.Tools;
using EDRS.Actors.Tools.Invocation.BuiltIns;
using EDRS.Grains.Contracts.Work;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;

namespace EDRS.Hosts.Gateway.Tools;

/// <summary>
/// <c>/api/v1/tools</c>: the tenant's HTTP tools, which workflow steps and personas call. Registering and removing need
/// <c>admin</c>; a tool's secret is referenced by name and resolved by the members at call time, never stored.
/// </summary>
public static class ToolsApi
{
    public static IEndpointRouteBuilder MapToolsApi(this IEndpointRouteBuilder app)
    {
        var tools = app.MapFeatureGroup("/api/v1/tools", "Tools");

        tools.MapPost("/", RegisterAsync).WithName("RegisterTool").WithSummary("Register or replace an HTTP tool")
            .WithDescription("The definition is checked whole (a 400 names the field). Calls carry the logical attempt's `Idempotency-Key`, " +
                "go through a circuit breaker of their own tool and time out after `timeoutSeconds`.")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        tools.MapGet("/", ListAsync).WithName("ListTools").WithSummary("The tenant's tools and the built-in ones");
        tools.MapGet("/{name}", GetAsync).WithName("GetTool").WithSummary("One tool")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tools.MapDelete("/{name}", RemoveAsync).WithName("RemoveTool").WithSummary("Remove a tool")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<ToolResponse>, ValidationProblem>> RegisterAsync([FromBody] ToolBody? body, [AsParameters] TenantCommand call)
    {
        if (body is null)
            return Invalid("body", "a JSON object with the tool's definition is required");
        if (body.ArgsSchema is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            return Invalid("argsSchema", "must be a JSON Schema object");
        var definition = new ToolDefinition
        {
            Name = body.Name ?? "",
            Description = body.Description ?? "",
            Method = body.Method ?? "",
            UrlTemplate = body.UrlTemplate ?? "",
            ArgsSchema = body.ArgsSchema is { ValueKind: JsonValueKind.Object } schema ? schema.GetRawText() : "",
            SecretRef = body.SecretRef ?? "",
            SecretHeader = body.SecretHeader ?? "",
            SecretScheme = body.SecretScheme ?? "",
            TimeoutSeconds = body.TimeoutSeconds ?? 0,
        };
        foreach (var (name, value) in body.Headers ?? new Dictionary<string, string?>())
            definition.Headers[name] = value ?? "";
        var ack = await call.Grains.Tools(call.Tenant).RegisterToolAsync(new RegisterToolRequest { RequestId = call.RequestId, Tool = definition }, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/tools/{ack.Name}", ToResponse(ack.Tool));
    }

    private static async Task<Results<Ok<ToolListResponse>, ValidationProblem>> ListAsync(BuiltInTools builtIns, [AsParameters] TenantQuery call)
    {
        var list = await call.Grains.Tools(call.Tenant).ListToolsAsync(new ListToolsRequest(), cancellationToken: call.Aborted);
        return TypedResults.Ok(new ToolListResponse([.. list.Tools.Select(ToResponse), .. builtIns.All.OrderBy(t => t.Name, StringComparer.Ordinal).Select(ToResponse)]));
    }

    private static async Task<Results<Ok<ToolResponse>, ValidationProblem>> GetAsync(string name, BuiltInTools builtIns, [AsParameters] TenantQuery call)
    {
        if (!ToolNames.IsValid(name))
            return Invalid("name", ToolLimits.NameRule);
        if (builtIns.Find(name) is { } builtIn)
            return TypedResults.Ok(ToResponse(builtIn));
        var tool = await call.Grains.Tools(call.Tenant).GetToolAsync(new GetToolRequest { Name = name }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(tool));
    }

    private static async Task<Results<NoContent, ValidationProblem>> RemoveAsync(string name, [AsParameters] TenantCommand call)
    {
        if (!ToolNames.IsValid(name))
            return Invalid("name", ToolLimits.NameRule);
        await call.Grains.Tools(call.Tenant).RemoveToolAsync(new RemoveToolRequest { RequestId = call.RequestId, Name = name }, cancellationToken: call.Aborted);
        return TypedResults.NoContent();
    }

    private static ToolResponse ToResponse(ToolDefinition tool) => new(
        tool.Name, tool.Description, false, tool.Method, tool.UrlTemplate, Json(tool.ArgsSchema),
        tool.Headers.ToDictionary(h => h.Key, h => h.Value), tool.SecretRef.Length > 0 ? tool.SecretRef : null,
        tool.SecretRef.Length > 0 ? tool.SecretHeader : null, tool.TimeoutSeconds, tool.Version, tool.RegisteredAt?.ToDateTimeOffset());

    private static ToolResponse ToResponse(IBuiltInTool tool) =>
        new(tool.Name, tool.Description, true, null, null, Json(tool.ArgsSchema), null, null, null, null, null, null);

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }
}
