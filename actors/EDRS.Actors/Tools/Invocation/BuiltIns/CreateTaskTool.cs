using System.Text.Json;
using EDRS.Actors.Tasks;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary><c>create_task</c>: creates a task (owner by skills and load); its id comes from the call's idempotency key.</summary>
public sealed class CreateTaskTool(GrainClients clients) : IBuiltInTool
{
    public string Name => ToolNames.CreateTask;

    public string Description => "Creates a task for the persona with the skills it needs and the least open work. Returns the task's id, status and owner.";

    public string ArgsSchema => """
        {"type":"object","required":["goal"],"properties":{
          "goal":{"type":"string","minLength":1,"maxLength":2000,"description":"What is to be achieved."},
          "skills":{"type":"array","items":{"type":"string"},"maxItems":10,"description":"Skills the owner needs."},
          "priority":{"enum":["low","normal","high","critical"],"description":"Default normal."},
          "owner":{"type":"string","description":"A persona id to give the task to."}}}
        """;

    public async Task<ToolCallResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = invocation.Args;
        var taskId = InvocationIds.EntityId("t", invocation);
        var request = new CreateTaskRequest
        {
            RequestId = invocation.IdempotencyKey.Length <= 100 ? invocation.IdempotencyKey : taskId,
            TaskId = taskId,
            Goal = args.GetProperty("goal").GetString() ?? "",
            Requester = invocation.Requester,
            Priority = (args.TryGetProperty("priority", out var p) ? p.GetString() : "normal") switch
            {
                "low" => EventPriority.Low,
                "high" => EventPriority.High,
                "critical" => EventPriority.Critical,
                _ => EventPriority.Normal,
            },
            Owner = args.TryGetProperty("owner", out var o) ? o.GetString() ?? "" : "",
        };
        if (args.TryGetProperty("skills", out var skills))
            request.Skills.AddRange(skills.EnumerateArray().Select(s => s.GetString() ?? ""));
        TaskView view;
        try
        {
            view = await clients.CreateOrGetAsync(invocation.Tenant, request, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            return ToolCallResult.Permanent($"create_task: {ex.Status.Detail}");
        }
        return ToolCallResult.Success(new { taskId, status = TaskDecider.Describe((TaskStage)(int)view.Status).Replace(' ', '_'), owner = view.Owner });
    }
}
