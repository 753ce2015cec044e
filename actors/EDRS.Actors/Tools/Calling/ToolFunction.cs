using System.Text.Json;
using EDRS.Actors.Tools.Invocation;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Tools.Calling;

/// <summary>
/// A tenant's tool as a function a chat model may call: its name, description and argument schema are the tool's; a call
/// goes through the <see cref="ToolInvoker"/> (schema check, secrets, circuit breaker, Idempotency-Key) like a workflow's
/// tool step. The model always gets an answer: a failed call (arguments that do not match the schema included) is
/// answered with its error as the result, never an exception. Every call is added to <paramref name="calls"/>.
/// </summary>
internal sealed class ToolFunction(
    string name, string description, JsonElement schema, ToolInvoker invoker, string tenant, string keyPrefix, string requester, TimeProvider time,
    ModelToolCalls calls) : AIFunction
{
    public override string Name => name;

    public override string Description => description;

    public override JsonElement JsonSchema => schema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        // The model's id of the call keeps a repeated call of the same reply one logical call (one Idempotency-Key).
        var callId = FunctionInvokingChatClient.CurrentContext?.CallContent.CallId is { Length: > 0 } id ? id : $"call-{calls.Count + 1}";
        var args = JsonSerializer.SerializeToElement<IDictionary<string, object?>>(arguments, AIJsonUtilities.DefaultOptions);
        var result = await invoker.InvokeAsync(
            new ToolInvocation(tenant, name, args, $"{keyPrefix}/{callId}", time.GetUtcNow(), requester), cancellationToken).ConfigureAwait(false);
        // A failure is the model's to handle (arguments that do not match the schema say which field and why).
        var answer = result.Succeeded ? result.Output : result.Output.Length > 0 ? $"error: {result.Error}; output: {result.Output}" : $"error: {result.Error}";
        calls.Add(new ModelToolCall(callId, name, ToolCalling.Bounded(args.GetRawText()), ToolCalling.Bounded(answer), result.Succeeded));
        return answer;
    }
}
