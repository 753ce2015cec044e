using Microsoft.Extensions.AI;

namespace EDRS.Actors.Embeddings;

/// <summary>
/// How a caller of the embedding port says what it embeds: a <b>query</b> (a question, a search) or a <b>passage</b> (what is
/// searched; the default). Models trained with an instruction before queries (snowflake-arctic-embed) need to know; others
/// embed both alike. Carried in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under <see cref="PropertyName"/>,
/// so the port stays <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>; the embedding grain's request carries it as
/// <c>input</c>.
/// </summary>
public static class EmbeddingInputs
{
    /// <summary>The additional property naming the input: <see cref="Query"/> or <see cref="Passage"/>.</summary>
    public const string PropertyName = "edrs.embedding_input";

    public const string Query = "query";

    public const string Passage = "passage";

    /// <summary>Options that embed the texts as queries.</summary>
    public static EmbeddingGenerationOptions ForQueries() =>
        new() { AdditionalProperties = new AdditionalPropertiesDictionary { [PropertyName] = Query } };

    /// <summary>True when <paramref name="options"/> say the texts are queries.</summary>
    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties
        && properties.TryGetValue(PropertyName, out var value)
        && value is string input
        && string.Equals(input, Query, StringComparison.OrdinalIgnoreCase);
}
