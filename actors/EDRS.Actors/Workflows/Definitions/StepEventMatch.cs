namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// The inbound event a <c>signal</c> step also accepts as its signal: an event whose type matches <see cref="Type"/> (a
/// routing pattern, <c>billing.payment_received</c> or <c>billing.*</c>) and whose metadata <c>correlationId</c> equals the
/// value <see cref="Correlation"/> reads from the workflow's input (a JSON path, <c>$.input.orderId</c>). The step's output
/// is then the event (its fields by their REST names, the payload as JSON).
/// </summary>
public sealed record StepEventMatch
{
    /// <summary>The metadata key an inbound event carries its correlation id under.</summary>
    public const string MetadataKey = "correlationId";

    public string Type { get; init; } = "";

    public string Correlation { get; init; } = "";
}
