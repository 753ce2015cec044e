using System.Security.Claims;
using System.Text.Json;
using EDRS.Grains.Contracts.Work;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>
/// <c>/api/v1/workflows</c>: templates (registered by <c>admin</c>, validated whole, versioned), runs started from a
/// template version, read with every step's attempts, timings and outputs, and moved on by signals, approvals (the
/// caller's role must be the step's), cancellation, pause and resume, and retry from a step of a failed run. Commands take an <c>Idempotency-Key</c>; a start with one addresses
/// the same run when retried.
/// </summary>
public static class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var workflows = app.MapFeatureGroup("/api/v1/workflows", "Workflows");

        workflows.MapPost("/templates", RegisterTemplateAsync).WithName("RegisterWorkflowTemplate").WithSummary("Register a workflow template (or its next version)")
            .WithDescription("The definition is checked whole: a 400 names the step and the field (unknown steps, cycles, JSON paths reading a step " +
                "the step does not depend on, retry and timeout bounds). Registering the same definition again changes nothing.")
            .RequireAuthorization(GatewayPolicies.Admin);
        workflows.MapGet("/templates", ListTemplatesAsync).WithName("ListWorkflowTemplates").WithSummary("The tenant's templates at their latest versions")
            .ProducesValidationProblem();

        workflows.MapGet("/templates/{name}", GetTemplateAsync).WithName("GetWorkflowTemplate").WithSummary("A template (latest, or ?version=)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        workflows.MapPost("/", StartAsync).WithName("StartWorkflow").WithSummary("Start a workflow from a template")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workflows.MapGet("/{workflowId}", GetAsync).WithName("GetWorkflow").WithSummary("A workflow with each step's attempts, timings and output")
            .ProducesProblem(StatusCodes.Status404NotFound);
        workflows.MapPost("/{workflowId}/signals/{name}", SignalAsync).WithName("SignalWorkflow").WithSummary("Send a workflow a named signal")
            .WithDescription("The body (any JSON, optional) is the signal's payload and the output of the `signal` step waiting for that name.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workflows.MapPost("/{workflowId}/approvals/{stepId}", ApproveAsync).WithName("ApproveWorkflowStep").WithSummary("Approve or reject an approval step")
            .WithDescription("The caller's token must carry the step's role.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workflows.MapPost("/{workflowId}/cancel", CancelAsync).WithName("CancelWorkflow").WithSummary("Cancel a workflow")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workflows.MapPost("/{workflowId}/pause", PauseAsync).WithName("PauseWorkflow").WithSummary("Pause a running workflow")
            .WithDescription("A paused workflow starts no step or attempt until it is resumed; steps in flight end and are recorded, and signals, " +
                "approvals and task outcomes that arrive are recorded. 409 names the workflow's status when it is not running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workflows.MapPost("/{workflowId}/resume", ResumeAsync).WithName("ResumeWorkflow").WithSummary("Resume a paused workflow")
            .WithDescription("409 names the workflow's status when it is not paused.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workflows.MapPost("/{workflowId}/steps/{stepId}/retry", RetryStepAsync).WithName("RetryWorkflowStep").WithSummary("Run a failed workflow again from a step")
            .WithDescription("The step and every step downstream of it run again, with new attempt numbers (so tool calls carry new Idempotency-Keys); " +
                "steps before it keep their outputs. 409 names the workflow's status when it has not failed, or the step the retry must start from.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<TemplateResponse>, ValidationProblem>> RegisterTemplateAsync([FromBody] TemplateBody? body, [AsParameters] TenantCommand call)
    {
        if (body is null)
            return Invalid("body", "a JSON object with the template's name and definition is required");
        if (body.Definition is not { ValueKind: JsonValueKind.Object } definition)
            return Invalid("definition", "must be a JSON object with the template's steps");
        if (InvalidId("name", body.Name ?? "") is { } invalid)
            return invalid;
        var template = await call.Grains.WorkflowRegistry(call.Tenant).RegisterTemplateAsync(
            new RegisterTemplateRequest { RequestId = call.RequestId, Name = body.Name!, Definition = definition.GetRawText() }, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/workflows/templates/{template.Name}", ToResponse(template));
    }

    private static async Task<Ok<TemplateListResponse>> ListTemplatesAsync([AsParameters] TenantQuery call)
    {
        var list = await call.Grains.WorkflowRegistry(call.Tenant).ListTemplatesAsync(new ListTemplatesRequest(), cancellationToken: call.Aborted);
        return TypedResults.Ok(new TemplateListResponse([.. list.Templates.Select(ToResponse)]));
    }

    private static async Task<Results<Ok<TemplateResponse>, ValidationProblem>> GetTemplateAsync(string name, [FromQuery] long? version, [AsParameters] TenantQuery call)
    {
        if (InvalidId("name", name) is { } invalid)
            return invalid;
        if (version is < 1)
            return Invalid("version", "must be 1 or more");
        var template = await call.Grains.WorkflowRegistry(call.Tenant).GetTemplateAsync(new GetTemplateRequest { Name = name, Version = version ?? 0 }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(template));
    }

    private static async Task<Results<Created<WorkflowResponse>, ValidationProblem>> StartAsync([FromBody] StartWorkflowBody? body, [AsParameters] TenantCommand call)
    {
        if (body is null)
            return Invalid("body", "a JSON object naming the template is required");
        if (InvalidId("template", body.Template ?? "") is { } invalid)
            return invalid;
        if (body.Version is < 1)
            return Invalid("version", "must be 1 or more");
        if (body.Input is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            return Invalid("input", "must be a JSON object");
        var template = await call.Grains.WorkflowRegistry(call.Tenant).GetTemplateAsync(
            new GetTemplateRequest { Name = body.Template!, Version = body.Version ?? 0 }, cancellationToken: call.Aborted);
        var workflowId = call.KeyFromIdempotencyKey("wf") ?? $"wf-{Guid.CreateVersion7():N}";
        var view = await call.Grains.Workflow(call.Tenant, workflowId).StartAsync(new StartWorkflowRequest
        {
            RequestId = call.RequestId,
            WorkflowId = workflowId,
            Template = template.Name,
            TemplateVersion = template.Version,
            Definition = template.Definition,
            Input = body.Input is { ValueKind: JsonValueKind.Object } input ? input.GetRawText() : "",
        }, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/workflows/{workflowId}", ToResponse(view));
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> GetAsync(string workflowId, [AsParameters] TenantQuery call)
    {
        if (InvalidId("workflowId", workflowId) is { } invalid)
            return invalid;
        var view = await call.Grains.Workflow(call.Tenant, workflowId).GetWorkflowAsync(new GetWorkflowRequest(), cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> SignalAsync(string workflowId, string name, [FromBody] JsonElement? payload, [AsParameters] TenantCommand call)
    {
        if (InvalidId("workflowId", workflowId) is { } invalid)
            return invalid;
        if (InvalidId("name", name) is { } invalidName)
            return invalidName;
        var view = await call.Grains.Workflow(call.Tenant, workflowId).SignalAsync(new WorkflowSignalRequest
        {
            RequestId = call.RequestId,
            Name = name,
            Payload = payload is { ValueKind: not JsonValueKind.Undefined } p ? p.GetRawText() : "",
        }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> ApproveAsync(string workflowId, string stepId, [FromBody] ApprovalBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("workflowId", workflowId) is { } invalid)
            return invalid;
        if (InvalidId("stepId", stepId) is { } invalidStep)
            return invalidStep;
        if (body?.Approved is not { } approved)
            return Invalid("approved", "is required: true approves, false rejects");
        var request = AsCaller(new WorkflowApprovalRequest { RequestId = call.RequestId, StepId = stepId, Approved = approved, Comment = body.Comment ?? "" },
            call.User, call.Tenant);
        var view = await call.Grains.Workflow(call.Tenant, workflowId).ApproveAsync(request, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> CancelAsync(string workflowId, [FromBody] CancelWorkflowBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("workflowId", workflowId) is { } invalid)
            return invalid;
        var view = await call.Grains.Workflow(call.Tenant, workflowId).CancelAsync(
            new CancelWorkflowRequest { RequestId = call.RequestId, Reason = body?.Reason ?? "" }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> PauseAsync(string workflowId, [FromBody] PauseWorkflowBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("workflowId", workflowId) is { } invalid)
            return invalid;
        var view = await call.Grains.Workflow(call.Tenant, workflowId).PauseAsync(
            new PauseWorkflowRequest { RequestId = call.RequestId, WorkflowId = workflowId, Reason = body?.Reason ?? "" }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> ResumeAsync(string workflowId, [AsParameters] TenantCommand call)
    {
        if (InvalidId("workflowId", workflowId) is { } invalid)
            return invalid;
        var view = await call.Grains.Workflow(call.Tenant, workflowId).ResumeAsync(
            new ResumeWorkflowRequest { RequestId = call.RequestId, WorkflowId = workflowId }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> RetryStepAsync(string workflowId, string stepId, [AsParameters] TenantCommand call)
    {
        if (InvalidId("workflowId", workflowId) is { } invalid)
            return invalid;
        if (InvalidId("stepId", stepId) is { } invalidStep)
            return invalidStep;
        var view = await call.Grains.Workflow(call.Tenant, workflowId).RetryStepAsync(
            new RetryWorkflowStepRequest { RequestId = call.RequestId, WorkflowId = workflowId, StepId = stepId }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    /// <summary>The approval as the caller's token says who approves: the approver and its roles are never the client's to choose.</summary>
    public static WorkflowApprovalRequest AsCaller(WorkflowApprovalRequest request, ClaimsPrincipal user, string tenant)
    {
        request.Approver = user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? tenant;
        request.Roles.Clear();
        request.Roles.AddRange(GatewayRoles.All.Where(user.IsInRole));
        return request;
    }

    private static TemplateResponse ToResponse(WorkflowTemplate template) =>
        new(template.Name, template.Version, Json(template.Definition) ?? default, template.RegisteredAt?.ToDateTimeOffset());

    private static WorkflowResponse ToResponse(WorkflowView view) => new(
        view.WorkflowId, view.Template, view.TemplateVersion, view.Status, Json(view.Input), Json(view.Output), Blank(view.Error),
        view.StartedAt?.ToDateTimeOffset(), view.FinishedAt?.ToDateTimeOffset(),
        [.. view.Steps.Select(s => new WorkflowStepResponse(s.StepId, s.Kind, s.Status, s.Attempts, s.StartedAt?.ToDateTimeOffset(),
            s.FinishedAt?.ToDateTimeOffset(), s.DueAt?.ToDateTimeOffset(), Json(s.Output), Blank(s.Error), Blank(s.TaskId), CompensationOf(s),
            s.Items.Count == 0 ? null : [.. s.Items.Select(i => new WorkflowStepItemResponse(i.Index, i.Status, i.Attempts, Json(i.Input), Json(i.Output), Blank(i.Error),
                Blank(i.TaskId), i.StartedAt?.ToDateTimeOffset(), i.FinishedAt?.ToDateTimeOffset(), i.DueAt?.ToDateTimeOffset()))],
            WorkflowStepToolCallResponse.ListOf(s.ToolCalls)))],
        view.Version);

    private static WorkflowCompensationResponse? CompensationOf(WorkflowStepView step) => step.CompensationStatus.Length == 0 ? null : new(
        step.CompensationStatus, step.CompensationAttempts, step.CompensationStartedAt?.ToDateTimeOffset(), step.CompensationFinishedAt?.ToDateTimeOffset(),
        step.CompensationDueAt?.ToDateTimeOffset(), Json(step.CompensationOutput), Blank(step.CompensationError));

    private static string? Blank(string text) => text.Length == 0 ? null : text;

    private static JsonElement? Json(string text)
    {
        if (text.Length == 0)
            return null;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
