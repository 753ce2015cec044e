using EDRS.Actors.Tools.Commands;
using EDRS.Actors.Tools.Events;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace EDRS.Actors.Tools;

/// <summary>
/// A tenant's tools (kind <c>tools</c>, identity <c>{tenant}/tools</c>): registered, replaced and removed through
/// <see cref="ToolRegistryDecider"/>. Calls never run here: the member that needs a tool reads its definition (cached
/// briefly, <see cref="Invocation.ToolCatalog"/>) and calls it itself, so one tenant's tool traffic is not serialized on
/// this grain.
/// </summary>
public sealed class TenantToolRegistry : ToolRegistryGrain.ToolRegistryGrainBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<ToolRegistryState, ToolRegistryEvent> _journaled;

    public TenantToolRegistry(GrainActivation activation, JournaledStateFactory states)
    {
        _activation = activation;
        _journaled = states.Create<ToolRegistryState, ToolRegistryEvent>(activation, ToolRegistryState.Initial, ToolRegistryDecider.Evolve);
    }

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override Task<ToolAck> RegisterTool(RegisterToolRequest request, ServerCallContext context)
    {
        var tool = request.Tool ?? throw GrainException.Invalid("tool", "is required");
        var command = new RegisterTool(tool.Name, tool.Description, tool.Method, tool.UrlTemplate, tool.ArgsSchema,
            tool.Headers.ToDictionary(h => h.Key, h => h.Value), tool.SecretRef, tool.SecretHeader, tool.SecretScheme, tool.TimeoutSeconds);
        return _journaled.ExecuteAsync(request.RequestId, s => ToolRegistryDecider.Decide(command, s, _activation.Time.GetUtcNow()), (state, _, _) =>
        {
            var held = state.Tools[tool.Name.Trim()];
            return new ToolAck { Name = held.Name, Version = held.Version, Tool = ToContract(held) };
        });
    }

    public override Task<ToolAck> RemoveTool(RemoveToolRequest request, ServerCallContext context) =>
        _journaled.ExecuteAsync(request.RequestId, s => ToolRegistryDecider.Decide(new RemoveTool(request.Name), s, _activation.Time.GetUtcNow()),
            (_, _, _) => new ToolAck { Name = request.Name.Trim(), Version = 0 });

    public override Task<ToolDefinition> GetTool(GetToolRequest request, ServerCallContext context) =>
        _journaled.State.Tools.TryGetValue(request.Name, out var tool)
            ? Task.FromResult(ToContract(tool))
            : throw GrainException.NotFound($"There is no tool '{request.Name}'.");

    public override Task<ToolList> ListTools(ListToolsRequest request, ServerCallContext context)
    {
        var list = new ToolList { Version = _journaled.Version };
        list.Tools.AddRange(_journaled.State.Tools.Values.Select(ToContract));
        return Task.FromResult(list);
    }

    public static ToolDefinition ToContract(ToolSpec tool)
    {
        var definition = new ToolDefinition
        {
            Name = tool.Name,
            Description = tool.Description,
            Method = tool.Method,
            UrlTemplate = tool.UrlTemplate,
            ArgsSchema = tool.ArgsSchema,
            SecretRef = tool.SecretRef,
            SecretHeader = tool.SecretHeader,
            SecretScheme = tool.SecretScheme,
            TimeoutSeconds = tool.TimeoutSeconds,
            Version = tool.Version,
            RegisteredAt = Timestamp.FromDateTimeOffset(tool.RegisteredAt),
        };
        foreach (var (name, value) in tool.Headers)
            definition.Headers[name] = value;
        return definition;
    }

    public static ToolSpec FromContract(ToolDefinition tool) => new(
        tool.Name, tool.Description, tool.Method, tool.UrlTemplate, tool.ArgsSchema, tool.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
        tool.SecretRef, tool.SecretHeader, tool.SecretScheme, tool.TimeoutSeconds, tool.Version, tool.RegisteredAt?.ToDateTimeOffset() ?? default);
}
