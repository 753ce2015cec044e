namespace EDRS.Benchmarks.Inference;

/// <summary>
/// Deterministic English-like sentences of 4..29 words (mean ≈ 16, a typical English sentence; ≈ 6..35 word pieces),
/// the spread of facts, memory items and chat turns a persona embeds. ASCII only, so the package's tokenizer and BERT's agree and the vectors can be compared.
/// </summary>
internal static class BenchmarkSentences
{
    private static readonly string[] Subjects =
        ["Bob", "Ada", "The support team", "Our customer", "The release manager", "She", "He", "The persona", "Finance", "The on-call engineer"];

    private static readonly string[] Verbs =
        ["prefers", "asked for", "dislikes", "reviewed", "scheduled", "moved", "approved", "rejected", "wants", "forgot", "summarised", "shipped"];

    private static readonly string[] Words =
    [
        "the", "quarterly", "budget", "meeting", "before", "noon", "on", "Friday", "release", "notes", "for", "every", "customer",
        "who", "reported", "billing", "bug", "last", "month", "with", "a", "short", "apology", "and", "written", "feedback",
        "rather", "than", "call", "design", "document", "inference", "host", "describes", "batching", "timeouts", "cancellation",
        "load", "shedding", "in", "detail", "remote", "working", "Mondays", "coffee", "lunch", "travel", "plans", "to", "Lisbon",
        "weather", "is", "mild", "winter", "deploy", "gateway", "after", "members", "invoices", "are", "due", "within", "thirty",
        "days", "rotation", "changes", "Tuesday", "at", "nine", "summary", "should", "fit", "one", "page", "because", "team",
        "of", "long", "email", "threads", "would", "talk", "it", "through", "person", "ideally", "over", "cluster", "rebalances",
        "partitions", "when", "member", "leaves", "calls", "retried", "against", "new", "owner", "identity",
    ];

    public const string Description = "4..29 words (mean ≈ 16)";

    public static string[] Make(int count, int seed = 20261126)
    {
        var random = new Random(seed);
        var sentences = new string[count];
        for (var i = 0; i < count; i++)
        {
            var words = random.Next(2, 28);
            var tail = string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
            sentences[i] = $"{Subjects[random.Next(Subjects.Length)]} {Verbs[random.Next(Verbs.Length)]} {tail}.";
        }
        return sentences;
    }
}
