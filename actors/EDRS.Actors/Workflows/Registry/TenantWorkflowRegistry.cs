using EDRS.Actors.Workflows.Registry.Commands;
using EDRS.Actors.Workflows.Registry.Events;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace EDRS.Actors.Workflows.Registry;

/// <summary>
/// A tenant's workflow templates (kind <c>workflow-registry</c>, identity <c>{tenant}/workflows</c>), registered through
/// <see cref="WorkflowRegistryDecider"/>. Starting a workflow reads a version here once; the instance keeps its copy.
/// </summary>
public sealed class TenantWorkflowRegistry : WorkflowRegistryGrain.WorkflowRegistryGrainBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<WorkflowRegistryState, WorkflowRegistryEvent> _journaled;

    public TenantWorkflowRegistry(GrainActivation activation, JournaledStateFactory states)
    {
        _activation = activation;
        _journaled = states.Create<WorkflowRegistryState, WorkflowRegistryEvent>(activation, WorkflowRegistryState.Initial, WorkflowRegistryDecider.Evolve);
    }

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override Task<WorkflowTemplate> RegisterTemplate(RegisterTemplateRequest request, ServerCallContext context)
    {
        var command = new RegisterTemplate(request.Name, request.Definition);
        return _journaled.ExecuteAsync(request.RequestId, s => WorkflowRegistryDecider.Decide(command, s, _activation.Time.GetUtcNow()),
            (state, _, _) => ToContract(state.Latest(request.Name.Trim())!));
    }

    public override Task<WorkflowTemplate> GetTemplate(GetTemplateRequest request, ServerCallContext context) =>
        _journaled.State.Find(request.Name, request.Version) is { } template
            ? Task.FromResult(ToContract(template))
            : throw GrainException.NotFound(request.Version == 0
                ? $"There is no workflow template '{request.Name}'."
                : $"There is no version {request.Version} of the workflow template '{request.Name}'.");

    public override Task<TemplateList> ListTemplates(ListTemplatesRequest request, ServerCallContext context)
    {
        var list = new TemplateList();
        list.Templates.AddRange(_journaled.State.Templates.Values.Select(v => ToContract(v[^1])));
        return Task.FromResult(list);
    }

    public static WorkflowTemplate ToContract(TemplateVersion template) => new()
    {
        Name = template.Name,
        Version = template.Version,
        Definition = template.Definition,
        RegisteredAt = Timestamp.FromDateTimeOffset(template.RegisteredAt),
    };
}
