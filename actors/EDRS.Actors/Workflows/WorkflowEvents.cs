using EDRS.Actors.Workflows.Events;
using EDRS.Actors.Workflows.Registry.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Workflows;

/// <summary>The stored names of the workflow registry's and instances' events, and those that leave the cluster. Never change a name once used.</summary>
public static class WorkflowEvents
{
    public static EventTypeMap MapWorkflowEvents(this EventTypeMap map) => map
        .Map<TemplateRegistered>("workflow_template_registered")
        .Map<WorkflowStarted>("workflow_started")
        .Map<StepStarted>("workflow_step_started")
        .Map<StepSucceeded>("workflow_step_succeeded")
        .Map<PersonaStepCalledTools>("workflow_step_called_tools")
        .Map<StepAttemptFailed>("workflow_step_attempt_failed")
        .Map<StepFailed>("workflow_step_failed")
        .Map<SignalReceived>("workflow_signal_received")
        .Map<WorkflowCompleted>("workflow_completed")
        .Map<WorkflowFailed>("workflow_failed")
        .Map<WorkflowCancelled>("workflow_cancelled")
        .Map<StepDispatched>("workflow_step_dispatched")
        .Map<WorkflowPaused>("workflow_paused")
        .Map<WorkflowResumed>("workflow_resumed")
        .Map<WorkflowRetriedFromStep>("workflow_retried_from_step")
        .Map<WorkflowCompensating>("workflow_compensating")
        .Map<CompensationStarted>("workflow_compensation_started")
        .Map<CompensationAttemptFailed>("workflow_compensation_attempt_failed")
        .Map<CompensationSucceeded>("workflow_compensation_succeeded")
        .Map<CompensationFailed>("workflow_compensation_failed")
        .Map<StepItemsPlanned>("workflow_step_items_planned")
        .Map<ItemStarted>("workflow_item_started")
        .Map<ItemDispatched>("workflow_item_dispatched")
        .Map<ItemSucceeded>("workflow_item_succeeded")
        .Map<ItemAttemptFailed>("workflow_item_attempt_failed")
        .Map<ItemFailed>("workflow_item_failed");

    public static EventTypeMap PublishWorkflowEvents(this EventTypeMap map) => map
        .Publish<WorkflowCompleted>("workflow.completed")
        .Publish<WorkflowFailed>("workflow.failed")
        .Publish<WorkflowCancelled>("workflow.cancelled");
}
