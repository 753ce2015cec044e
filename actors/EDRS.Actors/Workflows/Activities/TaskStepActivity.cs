using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Tasks;
using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Actors.Workflows.Activities;

/// <summary>
/// A <c>task</c> step's attempt: creates a task from the step's input (goal, skills, priority, input) that names the
/// step as the one to tell its outcome. The task's id comes from the attempt's idempotency key, so creating it again
/// after a crash addresses the same task. The task tells the workflow when it ends (under its own reminder until the
/// workflow has heard), so the step waits without polling.
/// </summary>
public sealed class TaskStepActivity(GrainClients clients)
{
    /// <summary>The task of one logical attempt: <c>wft-</c> and 32 hex of the attempt's idempotency key's hash.</summary>
    public static string TaskIdOf(string idempotencyKey) =>
        $"wft-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}";

    /// <summary>Creates the attempt's task; null when it now waits for the task, or the attempt's end when it cannot wait (bad input, a task that ended already).</summary>
    public async Task<ToolCallResult?> CreateAsync(string tenant, string workflowId, StepDefinition step, string idempotencyKey, JsonNode context, CancellationToken cancellationToken)
    {
        var taskId = TaskIdOf(idempotencyKey);
        var input = JsonPaths.Resolve(step.Input, context) as JsonObject ?? [];
        if (Text(input["goal"]) is not { Length: > 0 } goal)
            return ToolCallResult.Permanent($"steps.{step.Id}.input.goal: the task's goal is empty");
        var request = new CreateTaskRequest
        {
            RequestId = taskId,
            TaskId = taskId,
            Goal = goal,
            Requester = $"workflow {workflowId}",
            Priority = WorkPriorities.ToContract(WorkflowDefinitions.TaskPriorityOf(Text(input["priority"]) ?? "normal") ?? WorkPriority.Normal),
            Input = input["input"] is JsonObject data ? data.ToJsonString() : "",
            Notify = new TaskOutcomeTarget { WorkflowId = workflowId, StepId = step.Id },
        };
        if (input["skills"] is JsonArray skills)
            request.Skills.AddRange(skills.Select(Text).OfType<string>());
        TaskView view;
        try
        {
            view = await clients.CreateOrGetAsync(tenant, request, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            return ToolCallResult.Permanent($"the task could not be created: {ex.Status.Detail}");
        }
        return view.Status is WorkTaskStatus.Done or WorkTaskStatus.Failed or WorkTaskStatus.Cancelled
            ? OutcomeOf(taskId, view.Status, view.Status == WorkTaskStatus.Done ? view.Result : view.Failure)
            : null;
    }

    /// <summary>A finished task as its step's end: done succeeds with <c>{"taskId", "result"}</c> (the result as JSON when it is JSON); failed or cancelled fails the step.</summary>
    public static ToolCallResult OutcomeOf(string taskId, WorkTaskStatus status, string result) => status switch
    {
        WorkTaskStatus.Done => ToolCallResult.Success(new JsonObject { ["taskId"] = taskId, ["result"] = ResultOf(result) }.ToJsonString()),
        WorkTaskStatus.Cancelled => ToolCallResult.Permanent($"task {taskId} was cancelled{(result.Length > 0 ? ": " + result : "")}"),
        _ => ToolCallResult.Permanent($"task {taskId} failed{(result.Length > 0 ? ": " + result : "")}"),
    };

    private static JsonNode? ResultOf(string result)
    {
        try
        {
            return result.Length == 0 ? null : JsonNode.Parse(result);
        }
        catch (JsonException)
        {
            return JsonValue.Create(result);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim() : null;
}
