using System.Text.Json;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Actors.Workflows.Registry.Commands;
using EDRS.Actors.Workflows.Registry.Events;
using EDRS.Grains.Runtime;
using static EDRS.Actors.CommandFields;

namespace EDRS.Actors.Workflows.Registry;

/// <summary>
/// The workflow registry's rules, pure: a definition is checked whole (<see cref="WorkflowDefinitions.Parse"/>) before it
/// becomes the next version of its name; the same definition as the latest version changes nothing.
/// </summary>
public static class WorkflowRegistryDecider
{
    public static IReadOnlyList<WorkflowRegistryEvent> Decide(WorkflowRegistryCommand command, WorkflowRegistryState state, DateTimeOffset now) => command switch
    {
        RegisterTemplate c => Register(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A workflow registry does not know this command."),
    };

    private static IReadOnlyList<WorkflowRegistryEvent> Register(RegisterTemplate command, WorkflowRegistryState state, DateTimeOffset now)
    {
        var name = Id("name", Bounded("name", command.Name, 64));
        WorkflowDefinitions.Parse(command.Definition ?? "");
        using var document = JsonDocument.Parse(command.Definition!);
        var compact = JsonSerializer.Serialize(document.RootElement);
        var latest = state.Latest(name);
        if (latest is not null && latest.Definition == compact)
            return [];
        if (latest is null && state.Templates.Count >= WorkflowLimits.MaxTemplates)
            throw Reject.LimitReached("Workflows:MaxTemplates", $"A tenant has at most {WorkflowLimits.MaxTemplates} templates.");
        return [new TemplateRegistered(new TemplateVersion(name, (latest?.Version ?? 0) + 1, compact, now))];
    }

    public static WorkflowRegistryState Evolve(WorkflowRegistryState state, WorkflowRegistryEvent @event) => @event switch
    {
        TemplateRegistered e => state with
        {
            Templates = state.Templates.SetItem(e.Template.Name, state.Templates.GetValueOrDefault(e.Template.Name, []).Add(e.Template)),
        },
        _ => throw new InvalidOperationException($"A workflow registry does not know the event {@event.GetType().Name}."),
    };
}
