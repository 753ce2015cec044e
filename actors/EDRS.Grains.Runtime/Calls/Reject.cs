namespace EDRS.Grains.Runtime;

/// <summary>The rejections a decider throws: <c>throw Reject.Invalid("profile.name", "is required")</c>.</summary>
public static class Reject
{
    public static CommandRejectedException Invalid(string field, string description) =>
        new(RejectionReason.Invalid, $"{field}: {description}", field) { Description = description };

    public static CommandRejectedException NotFound(string message) => new(RejectionReason.NotFound, message);

    public static CommandRejectedException AlreadyExists(string message) => new(RejectionReason.AlreadyExists, message);

    public static CommandRejectedException Conflict(string message) => new(RejectionReason.Conflict, message);

    /// <summary>A quota is reached: <paramref name="limit"/> names it as configured (<c>Quotas:PeoplePerPersona</c>).</summary>
    public static CommandRejectedException LimitReached(string limit, string message) =>
        new(RejectionReason.LimitReached, message) { Limit = limit };
}
