using System.Globalization;
using System.Text;
using EDRS.Actors.WorkingMemory;

namespace EDRS.Actors.Sessions.Prompting;

/// <summary>
/// The reply of a session with no chat model: the knowledge chunks that best match the message, the long-term memories
/// recalled for it, and what the persona keeps in mind about the person, quoted verbatim with their citation markers and dates, under one line that says no
/// generative model is configured and how to add one. Nothing is paraphrased, so nothing pretends to be generated.
/// </summary>
public static class ExtractiveAnswer
{
    /// <summary>The first line of every extractive reply.</summary>
    public const string NoModelLine =
        "No generative model is configured, so this answer quotes what I found instead of composing one " +
        "(to add a model, set MODEL_PATH to a GGUF file, or OPENAI_BASE_URL and OPENAI_MODEL).";

    public const string NothingFound = "I found nothing in my knowledge base or memory that matches your message.";

    public static string Compose(IReadOnlyList<KnowledgeExcerpt> knowledge, IReadOnlyList<HeldItem> memory, IReadOnlyList<RecalledMemory>? recalled = null)
    {
        recalled ??= [];
        var text = new StringBuilder(NoModelLine);
        if (knowledge.Count == 0 && memory.Count == 0 && recalled.Count == 0)
            return text.Append("\n\n").Append(NothingFound).ToString();
        if (knowledge.Count > 0)
        {
            text.Append("\n\nFrom the knowledge base:");
            foreach (var excerpt in knowledge)
            {
                var citation = excerpt.Citation;
                text.Append("\n[").Append(excerpt.Marker.ToString(CultureInfo.InvariantCulture)).Append("] \"")
                    .Append(Collapsed(excerpt.Text)).Append("\" — ").Append(citation.Title);
                if (citation.Page is { } page)
                    text.Append(", page ").Append(page.ToString(CultureInfo.InvariantCulture));
                text.Append(" (updated ").Append(Date(excerpt.UpdatedAt)).Append(')');
            }
        }
        if (recalled.Count > 0)
        {
            text.Append("\n\nWhat I remember:");
            foreach (var memoryOf in recalled)
            {
                text.Append("\n- \"").Append(Collapsed(memoryOf.Text)).Append("\" (").Append(Date(memoryOf.OccurredAt));
                text.Append(memoryOf.Superseded ? ", since updated)" : ")");
            }
        }
        if (memory.Count > 0)
        {
            text.Append("\n\nWhat I keep in mind:");
            foreach (var item in memory)
                text.Append("\n- \"").Append(Collapsed(item.Text)).Append("\" (noted ").Append(Date(item.AddedAt)).Append(')');
        }
        return text.ToString();
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Line breaks and runs of spaces inside a quote become one space, so each quote stays on its line.</summary>
    private static string Collapsed(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
