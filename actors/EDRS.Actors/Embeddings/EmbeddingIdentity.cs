using System.Globalization;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Embeddings;

/// <summary>Embedding grain identities: <c>{model}/{replica}</c>, e.g. <c>all-MiniLM-L6-v2/0</c>. Models are not per tenant.</summary>
public static class EmbeddingIdentity
{
    public static string Of(string model, int replica)
    {
        if (!GrainIds.IsEntityId(model))
            throw new ArgumentException($"Model name '{model}' must be {GrainIds.EntityIdRule}.", nameof(model));
        ArgumentOutOfRangeException.ThrowIfNegative(replica);
        return string.Create(CultureInfo.InvariantCulture, $"{model}/{replica}");
    }

    /// <summary>The model part of an identity (everything before the last '/').</summary>
    public static string ModelOf(string identity)
    {
        var slash = identity.LastIndexOf('/');
        return slash > 0 ? identity[..slash] : identity;
    }
}
