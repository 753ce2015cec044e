using System.Text;

namespace EDRS.Knowledge.Documents.Tests;

/// <summary>Deterministic English-like prose (a fixed seed), so tests of sizes and cuts see the same text every run.</summary>
public static class SampleText
{
    private static readonly string[] Words =
    [
        "the", "persona", "remembers", "customer", "invoice", "billing", "support", "team", "schedule", "meeting",
        "prefers", "morning", "calls", "ticket", "escalation", "contract", "renewal", "quarter", "report", "summary",
        "engineer", "deployment", "cluster", "member", "journal", "event", "stream", "snapshot", "gateway", "request",
        "policy", "refund", "approval", "manager", "deadline", "priority", "knowledge", "document", "chunk", "embedding",
        "vector", "search", "answer", "question", "context", "heading", "paragraph", "sentence", "boundary", "overlap",
        "is", "was", "and", "with", "for", "after", "before", "during", "because", "while",
    ];

    /// <summary>One sentence of 6–20 words, capitalised, ending with a full stop (sometimes ! or ?).</summary>
    public static string Sentence(Random random)
    {
        var count = random.Next(6, 21);
        var sentence = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var word = Words[random.Next(Words.Length)];
            if (i == 0)
                word = char.ToUpperInvariant(word[0]) + word[1..];
            else
                sentence.Append(' ');
            sentence.Append(word);
        }
        sentence.Append(random.Next(10) switch { 0 => '!', 1 => '?', _ => '.' });
        return sentence.ToString();
    }

    /// <summary>A paragraph of <paramref name="sentences"/> sentences.</summary>
    public static string Paragraph(Random random, int sentences) =>
        string.Join(' ', Enumerable.Range(0, sentences).Select(_ => Sentence(random)));

    /// <summary>Words without any sentence end: one endless sentence.</summary>
    public static string WordsWithoutSentenceEnds(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Words[random.Next(Words.Length)]));

    /// <summary>
    /// A Markdown document: <paramref name="sections"/> level-2 sections under one title, each with a few level-3
    /// subsections of paragraphs (some long, some short) and a list.
    /// </summary>
    public static string LongMarkdown(int seed, int sections)
    {
        var random = new Random(seed);
        var markdown = new StringBuilder("# Operations handbook\n\n");
        markdown.Append(Paragraph(random, 3)).Append("\n\n");
        for (var s = 1; s <= sections; s++)
        {
            markdown.Append($"## Section {s}\n\n");
            markdown.Append(Paragraph(random, random.Next(2, 6))).Append("\n\n");
            for (var sub = 1; sub <= random.Next(1, 4); sub++)
            {
                markdown.Append($"### Topic {s}.{sub}\n\n");
                for (var p = 0; p < random.Next(1, 5); p++)
                    markdown.Append(Paragraph(random, random.Next(1, 30))).Append("\n\n");
                if (random.Next(3) == 0)
                {
                    for (var item = 0; item < random.Next(2, 8); item++)
                        markdown.Append("- ").Append(Sentence(random)).Append('\n');
                    markdown.Append('\n');
                }
            }
        }
        return markdown.ToString();
    }
}
