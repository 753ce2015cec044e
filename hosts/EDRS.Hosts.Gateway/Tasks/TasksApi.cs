using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using EDRS.Actors.Tasks;
using EDRS.Actors.Tasks.Board;
using EDRS.Grains.Contracts.Work;
using EDRS.Hosts.Gateway.Inbound;
using EDRS.Hosts.Gateway.Requests;
using EDRS.Hosts.Gateway.Tenancy;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;

namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>
/// <c>/api/v1/tasks</c>: create tasks (the owner is the least-loaded persona with the skills, unless named), read one as
/// it is now, list the board by status and owner, move a task along (start, complete, fail, cancel, assign) and split it
/// into subtasks. Commands take an <c>Idempotency-Key</c>.
/// </summary>
public static class TasksApi
{
    private const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapFeatureGroup("/api/v1/tasks", "Tasks");

        tasks.MapPost("/", CreateAsync).WithName("CreateTask").WithSummary("Create a task")
            .WithDescription("The task goes to the persona with every skill it needs and the least open work (ties rotate), or to `owner`; " +
                "it sits in that persona's inbox at its priority. With no such persona it stays `open` and is offered again every minute.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapGet("/", ListAsync).WithName("ListTasks").WithSummary("List the task board")
            .WithDescription("The tenant's tasks by id, a page at a time (`nextCursor` → `cursor`), optionally of one `status` and one `owner`. " +
                "The board is a read model kept by an asynchronous projection: a change shows within a second or two. GET /api/v1/tasks/{taskId} is always current.");
        tasks.MapGet("/{taskId}", GetAsync).WithName("GetTask").WithSummary("Get a task with its subtasks and history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPost("/{taskId}/assign", AssignAsync).WithName("AssignTask").WithSummary("Give an open task an owner")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{taskId}/start", StartAsync).WithName("StartTask").WithSummary("Mark a task in progress")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{taskId}/complete", CompleteAsync).WithName("CompleteTask").WithSummary("Complete a task with its result")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{taskId}/fail", FailAsync).WithName("FailTask").WithSummary("Fail a task, saying why")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{taskId}/cancel", CancelAsync).WithName("CancelTask").WithSummary("Cancel a task")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{taskId}/subtasks", AddSubtasksAsync).WithName("AddSubtasks").WithSummary("Split a task into subtasks")
            .WithDescription("At most 10 subtasks per task and 3 levels in all; each subtask is a task of its own (id `{taskId}.{n}`) " +
                "with its own owner, and reports its outcome to its parent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<TaskResponse>, ValidationProblem>> CreateAsync([FromBody] TaskBody? body, [AsParameters] TenantCommand call)
    {
        if (body is null)
            return Invalid("body", "a JSON object with the task's goal is required");
        var taskId = body.Id ?? call.KeyFromIdempotencyKey("t") ?? $"t-{Guid.CreateVersion7():N}";
        if (InvalidId("id", taskId) is { } invalid)
            return invalid;
        var priority = body.Priority is null ? Grains.Contracts.Events.EventPriority.Normal : EventPriorities.Parse(body.Priority);
        if (priority == Grains.Contracts.Events.EventPriority.Unspecified)
            return Invalid("priority", $"must be one of {EventPriorities.Allowed}");
        if (body.Owner is not null && InvalidId("owner", body.Owner) is { } invalidOwner)
            return invalidOwner;
        if (body.Input is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            return Invalid("input", "must be a JSON object");
        var request = new CreateTaskRequest
        {
            RequestId = call.RequestId,
            TaskId = taskId,
            Goal = body.Goal ?? "",
            Requester = body.Requester ?? call.Tenant,
            Priority = priority,
            Owner = body.Owner ?? "",
            Input = body.Input is { ValueKind: JsonValueKind.Object } input ? input.GetRawText() : "",
        };
        request.Skills.AddRange((body.Skills ?? []).Select(s => s ?? ""));
        var ack = await call.Grains.Task(call.Tenant, taskId).CreateAsync(request, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/tasks/{taskId}", ToResponse(ack.Task));
    }

    private static async Task<Results<Ok<TaskPageResponse>, ValidationProblem>> ListAsync(
        [FromQuery] string? status, [FromQuery] string? owner, [FromQuery] string? limit, [FromQuery] string? cursor,
        ClaimsPrincipal user, IQuerySession board, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > TaskBoard.MaxPageSize))
            return Invalid("limit", $"must be an integer from 1 to {TaskBoard.MaxPageSize}");
        TaskStage? stage = null;
        if (status is not null)
        {
            var parsed = TaskStatuses.Parse(status);
            if (parsed == WorkTaskStatus.Unspecified)
                return Invalid("status", $"must be one of {TaskStatuses.Allowed}");
            stage = (TaskStage)(int)parsed;
        }
        if (owner is not null && InvalidId("owner", owner) is { } invalidOwner)
            return invalidOwner;
        string? after = null;
        if (cursor is not null && (after = PageCursors.Decode(cursor)) is null)
            return Invalid("cursor", "is not a cursor this API returned");
        var (entries, more) = await TaskBoard.PageAsync(board, user.Tenant(), stage, owner, after, pageSize, cancellationToken);
        var items = entries.Select(e => new TaskSummaryResponse(
            e.TaskId, e.Goal, TaskStatuses.Name(WorkTask.ToContract(e.Stage)), NullIfEmpty(e.Owner),
            EventPriorities.Name(Actors.Inbound.Work.WorkPriorities.ToContract(e.Priority)), NullIfEmpty(e.ParentTaskId), e.CreatedAt, e.UpdatedAt)).ToList();
        return TypedResults.Ok(new TaskPageResponse(items, more ? PageCursors.Encode(items[^1].Id) : null));
    }

    private static async Task<Results<Ok<TaskResponse>, ValidationProblem>> GetAsync(string taskId, [AsParameters] TenantQuery call)
    {
        if (InvalidId("taskId", taskId) is { } invalid)
            return invalid;
        var view = await call.Grains.Task(call.Tenant, taskId).GetTaskAsync(new GetTaskRequest { TaskId = taskId }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static Task<Results<Ok<TaskResponse>, ValidationProblem>> AssignAsync(string taskId, [FromBody] TaskOutcomeBody? body, [AsParameters] TenantCommand call) =>
        body?.Owner is { } owner && InvalidId("owner", owner) is { } invalid
            ? Task.FromResult<Results<Ok<TaskResponse>, ValidationProblem>>(invalid)
            : SendAsync(taskId, call, (task, id) => task.AssignAsync(new AssignTaskRequest { RequestId = call.RequestId, TaskId = id, Owner = body?.Owner ?? "" }, cancellationToken: call.Aborted).ResponseAsync);

    private static Task<Results<Ok<TaskResponse>, ValidationProblem>> StartAsync(string taskId, [AsParameters] TenantCommand call) =>
        SendAsync(taskId, call, (task, id) => task.StartAsync(new StartTaskRequest { RequestId = call.RequestId, TaskId = id }, cancellationToken: call.Aborted).ResponseAsync);

    private static Task<Results<Ok<TaskResponse>, ValidationProblem>> CompleteAsync(string taskId, [FromBody] TaskOutcomeBody? body, [AsParameters] TenantCommand call) =>
        SendAsync(taskId, call, (task, id) => task.CompleteAsync(new CompleteTaskRequest { RequestId = call.RequestId, TaskId = id, Result = body?.Result ?? "" }, cancellationToken: call.Aborted).ResponseAsync);

    private static Task<Results<Ok<TaskResponse>, ValidationProblem>> FailAsync(string taskId, [FromBody] TaskOutcomeBody? body, [AsParameters] TenantCommand call) =>
        SendAsync(taskId, call, (task, id) => task.FailAsync(new FailTaskRequest { RequestId = call.RequestId, TaskId = id, Reason = body?.Reason ?? "" }, cancellationToken: call.Aborted).ResponseAsync);

    private static Task<Results<Ok<TaskResponse>, ValidationProblem>> CancelAsync(string taskId, [FromBody] TaskOutcomeBody? body, [AsParameters] TenantCommand call) =>
        SendAsync(taskId, call, (task, id) => task.CancelAsync(new CancelTaskRequest { RequestId = call.RequestId, TaskId = id, Reason = body?.Reason ?? "" }, cancellationToken: call.Aborted).ResponseAsync);

    private static async Task<Results<Ok<TaskResponse>, ValidationProblem>> AddSubtasksAsync(string taskId, [FromBody] SubtasksBody? body, [AsParameters] TenantCommand call)
    {
        if (body?.Subtasks is not { } subtasks)
            return Invalid("subtasks", "a list of subtasks is required");
        var request = new AddSubtasksRequest { RequestId = call.RequestId, TaskId = taskId };
        for (var i = 0; i < subtasks.Count; i++)
        {
            var subtask = subtasks[i];
            if (subtask is null)
                return Invalid($"subtasks[{i}]", "must be an object with a goal");
            var priority = subtask.Priority is null ? Grains.Contracts.Events.EventPriority.Unspecified : EventPriorities.Parse(subtask.Priority);
            if (subtask.Priority is not null && priority == Grains.Contracts.Events.EventPriority.Unspecified)
                return Invalid($"subtasks[{i}].priority", $"must be one of {EventPriorities.Allowed}");
            var planned = new PlannedSubtask { Goal = subtask.Goal ?? "", Priority = priority };
            planned.Skills.AddRange((subtask.Skills ?? []).Select(s => s ?? ""));
            request.Subtasks.Add(planned);
        }
        return await SendAsync(taskId, call, (task, _) => task.AddSubtasksAsync(request, cancellationToken: call.Aborted).ResponseAsync);
    }

    private static async Task<Results<Ok<TaskResponse>, ValidationProblem>> SendAsync(
        string taskId, TenantCommand call, Func<TaskGrain.TaskGrainClient, string, Task<TaskAck>> send)
    {
        if (InvalidId("taskId", taskId) is { } invalid)
            return invalid;
        var ack = await send(call.Grains.Task(call.Tenant, taskId), taskId);
        return TypedResults.Ok(ToResponse(ack.Task));
    }

    private static TaskResponse ToResponse(TaskView view) => new(
        view.TaskId,
        view.Goal,
        view.Requester,
        [.. view.Skills],
        EventPriorities.Name(view.Priority),
        TaskStatuses.Name(view.Status),
        NullIfEmpty(view.Owner),
        NullIfEmpty(view.ParentTaskId),
        view.Depth,
        [.. view.Subtasks.Select(s => new SubtaskResponse(s.TaskId, s.Goal, TaskStatuses.Name(s.Status), NullIfEmpty(s.Result)))],
        NullIfEmpty(view.Result),
        NullIfEmpty(view.Failure),
        [.. view.History.Select(h => new TaskHistoryResponse(TaskStatuses.Name(h.Status), h.At.ToDateTimeOffset(), h.Note))],
        view.CreatedAt.ToDateTimeOffset(),
        view.UpdatedAt.ToDateTimeOffset(),
        view.Version,
        view.Input.Length > 0 ? JsonDocument.Parse(view.Input).RootElement.Clone() : null,
        view.Notify is { } n ? $"{n.WorkflowId}/{n.StepId}" : null);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
