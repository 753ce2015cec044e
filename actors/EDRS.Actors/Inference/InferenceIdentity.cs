using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inference;

/// <summary>An inference grain's cluster identity: <c>{model}/{replica}</c>.</summary>
public static class InferenceIdentity
{
    /// <summary>The cluster kind of inference grains, as their contract names it.</summary>
    public static string Kind { get; } = GrainContract.Of(Grains.Contracts.Inference.InferenceGrain.Descriptor).Kind;

    public static string Of(string model, string replica)
    {
        if (!GrainIds.IsEntityId(model))
            throw new ArgumentException($"'{model}' is not a valid model name: it must be {GrainIds.EntityIdRule}.", nameof(model));
        if (!GrainIds.IsEntityId(replica))
            throw new ArgumentException($"'{replica}' is not a valid replica: it must be {GrainIds.EntityIdRule}.", nameof(replica));
        return $"{model}/{replica}";
    }

    /// <summary>The model part of an identity.</summary>
    public static string ModelOf(string identity) => identity[..Math.Max(0, identity.IndexOf('/', StringComparison.Ordinal))];
}
