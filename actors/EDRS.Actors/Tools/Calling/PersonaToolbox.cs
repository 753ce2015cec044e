using System.Text.Json;
using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Tools.Invocation.BuiltIns;
using Grpc.Core;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Tools.Calling;

/// <summary>
/// The tools a persona's chat model may call, as M.E.AI functions (<see cref="ToolFunction"/>), and the chat client that
/// runs the calls (<see cref="FunctionInvokingChatClient"/>, at most <see cref="ToolCalling.MaxRounds"/> rounds). Only the
/// tools the persona's profile names are offered (a workflow step may narrow them further); a named tool the tenant does
/// not have is left out, so the model is never offered what cannot run.
/// </summary>
public sealed class PersonaToolbox(ToolInvoker invoker, ToolCatalog catalog, BuiltInTools builtIns, TimeProvider time)
{
    /// <summary><paramref name="chat"/>, running the functions the model calls (the same instance may serve every reply).</summary>
    public static IChatClient Calling(IChatClient chat) =>
        new FunctionInvokingChatClient(chat)
        {
            MaximumIterationsPerRequest = ToolCalling.MaxRounds,
            // The functions answer their failures as results; an exception here is ours and ends the reply.
            IncludeDetailedErrors = false,
        };

    /// <summary>
    /// The functions for <paramref name="tools"/> of <paramref name="tenant"/>; a call's Idempotency-Key is
    /// <c>{keyPrefix}/{callId}</c>, and every call is recorded in <paramref name="calls"/>.
    /// </summary>
    public async Task<IReadOnlyList<AITool>> OfferAsync(
        string tenant, IReadOnlyList<string> tools, string keyPrefix, string requester, ModelToolCalls calls, CancellationToken cancellationToken)
    {
        var offered = new List<AITool>();
        foreach (var name in tools.Distinct(StringComparer.Ordinal))
        {
            if (await DescribeAsync(tenant, name, cancellationToken).ConfigureAwait(false) is not { } described)
                continue;
            using var schema = JsonDocument.Parse(described.Schema);
            offered.Add(new ToolFunction(name, described.Description, schema.RootElement.Clone(), invoker, tenant, keyPrefix, requester, time, calls));
        }
        return offered;
    }

    private async Task<(string Description, string Schema)?> DescribeAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        if (ToolNames.BuiltIn.Contains(name))
            return builtIns.Find(name) is { } builtIn ? (builtIn.Description, builtIn.ArgsSchema) : null;
        try
        {
            return await catalog.FindAsync(tenant, name, cancellationToken).ConfigureAwait(false) is { } tool ? (tool.Description, tool.ArgsSchema) : null;
        }
        catch (RpcException)
        {
            // The registry could not be read: the reply goes on without the tool rather than failing.
            return null;
        }
    }
}
