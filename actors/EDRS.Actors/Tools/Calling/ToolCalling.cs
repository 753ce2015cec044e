namespace EDRS.Actors.Tools.Calling;

/// <summary>The bounds of a chat model's tool calling.</summary>
public static class ToolCalling
{
    /// <summary>
    /// Rounds of tool calls a model may make for one reply (a round: it asks for calls, they run, it is answered). After
    /// the last round the model is asked once more without tools, so it has to reply in words.
    /// </summary>
    public const int MaxRounds = 5;

    /// <summary>Characters of a call's arguments and of its result that are journaled (the model saw the whole result).</summary>
    public const int MaxRecordedLength = 4_000;

    /// <summary>What ends a cut argument or result.</summary>
    public const string CutMarker = "… (cut)";

    /// <summary><paramref name="text"/>, cut to <see cref="MaxRecordedLength"/> with the <see cref="CutMarker"/>.</summary>
    public static string Bounded(string text) =>
        text.Length <= MaxRecordedLength ? text : string.Concat(text.AsSpan(0, MaxRecordedLength - CutMarker.Length), CutMarker);
}
