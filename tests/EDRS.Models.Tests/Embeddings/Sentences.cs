namespace EDRS.Models.Tests.Embeddings;

/// <summary>Test sentences: short and long ones mixed, so a call spans several batches padded to different lengths.</summary>
public static class Sentences
{
    public static readonly string[] Mixed =
    [
        "Bob prefers meetings before 11:00.",
        "Ada is the support lead.",
        "The quarterly budget review moved to Friday afternoon because the finance team is travelling on Thursday.",
        "Coffee.",
        "Please send the release notes to every customer who reported the billing bug last month, with an apology.",
        "She likes precise, written feedback rather than a call.",
        "The cluster rebalances partitions when a member leaves; calls in flight are retried against the new owner of the identity.",
        "Remote working on Mondays.",
        "Penguins cannot fly, but they swim remarkably well in cold water.",
        "A persona remembers the people it works with, their preferences, likes and dislikes, and its own duties.",
        "Deploy the gateway after the members.",
        "Invoices are due within thirty days.",
        "He dislikes long email threads and would rather talk it through in person, ideally over lunch on a Wednesday.",
        "The weather in Lisbon is mild in winter.",
        "Our on-call rotation changes every Tuesday at 09:00 UTC.",
        "Yes.",
        "The design document for the inference host describes batching, time-outs, cancellation and load shedding in detail.",
        "Café crème, s'il vous plaît — naïve résumé façade.",
        "Numbers like 3.14159 and 2,718 and dates like 2026-11-26 are tokenized too.",
        "The summary should fit on one page.",
    ];

    /// <summary>
    /// The mixed sentences without accented letters. On accents the package's own tokenizer (BERTTokenizers) differs from
    /// BERT's uncased one, which strips them (as Hugging Face's does, and FastBertTokenizer): "café" is "cafe" to the model.
    /// </summary>
    public static readonly string[] Ascii = [.. Mixed.Where(s => s.All(char.IsAscii))];

    /// <summary><paramref name="count"/> sentences (the mixed ones, numbered, repeated as needed).</summary>
    public static string[] Many(int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{Mixed[i % Mixed.Length]} (note {i})")];
}
