using System.Text.Json.Serialization;

namespace EDRS.Benchmarks.Knowledge;

/// <summary>
/// One retrieval question of questions.json. A search result is a hit when one of its chunks contains
/// <see cref="Passage"/> (whitespace collapsed), from <see cref="Document"/>.
/// </summary>
/// <param name="Key">Stable id, <c>k001</c>, <c>k002</c>, ...</param>
/// <param name="Question">What a user would ask.</param>
/// <param name="Document">Path of the answering document, relative to the corpus folder.</param>
/// <param name="Passage">An exact substring of the document's visible text, 5 to 40 words, that answers the question.</param>
/// <param name="Page">1-based page of a PDF source that holds the passage; null for every other document.</param>
/// <param name="Category">One of <see cref="Categories"/>.</param>
public sealed record KnowledgeQuestion(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("passage")] string Passage,
    [property: JsonPropertyName("page")] int? Page,
    [property: JsonPropertyName("category")] string Category)
{
    /// <summary>Wording close to the passage.</summary>
    public const string Lookup = "lookup";

    /// <summary>Little word overlap with the passage.</summary>
    public const string Paraphrase = "paraphrase";

    /// <summary>The answer is in one of several near-duplicate documents (old vs new version, EU vs US).</summary>
    public const string Precise = "precise";

    /// <summary>A limit, a price, a port number.</summary>
    public const string Numeric = "numeric";

    /// <summary>About the PostgreSQL documentation pages.</summary>
    public const string PostgreSql = "pg";

    /// <summary>In a PDF source, on a given page.</summary>
    public const string Pdf = "pdf";

    public static IReadOnlyList<string> Categories { get; } = [Lookup, Paraphrase, Precise, Numeric, PostgreSql, Pdf];
}
