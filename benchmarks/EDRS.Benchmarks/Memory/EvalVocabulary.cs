namespace EDRS.Benchmarks.Memory;

/// <summary>The closed vocabularies of the evaluation set: those of the memory API, and the question categories.</summary>
internal static class EvalVocabulary
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "preference", "like", "dislike", "working-style", "schedule", "relationship", "project", "note",
    };

    public static readonly IReadOnlySet<string> Sources = new HashSet<string>(StringComparer.Ordinal) { "told", "session", "fact", "event" };

    public static readonly IReadOnlySet<string> Pronouns = new HashSet<string>(StringComparer.Ordinal) { "he", "she", "they" };

    /// <summary>Question categories, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> Categories =
    [
        "simple", "paraphrase", "update", "history", "as-of", "near-name", "implicit-person", "two-hop", "alias",
    ];
}
