namespace EDRS.Actors.Memory;

/// <summary>
/// How a persona's fact reads as a memory: its subject in front when the text does not already say it ("meetings: before
/// 11"), so a search finds it by subject; a revision keeps that subject.
/// </summary>
public static class FactMemories
{
    public static string Text(string subject, string text)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(text);
        return subject.Length == 0 || text.Contains(subject, StringComparison.OrdinalIgnoreCase) ? text : $"{subject}: {text}";
    }

    /// <summary>The revised memory text: the new fact text, with the subject the memory was written with.</summary>
    public static string Revised(string memoryText, string newText)
    {
        ArgumentNullException.ThrowIfNull(memoryText);
        ArgumentNullException.ThrowIfNull(newText);
        var colon = memoryText.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && colon <= Personas.PersonaLimits.MaxSubjectLength ? Text(memoryText[..colon], newText) : newText;
    }
}
