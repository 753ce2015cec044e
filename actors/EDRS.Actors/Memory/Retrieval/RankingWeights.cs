namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// The weights of the hybrid ranking's parts (see <see cref="MemoryRanker"/>). The defaults were set on the memory
/// evaluation set (benchmarks/EDRS.Benchmarks/Memory/Data) by phenomenon, not question by question; a held-out set of the
/// same kind is scored with them unchanged.
/// </summary>
public sealed record RankingWeights
{
    public static readonly RankingWeights Default = new();

    /// <summary>Cosine similarity of question and memory.</summary>
    public double Dense { get; init; } = 1.0;

    /// <summary>Share of the question's words the memory holds (BM25, see <see cref="LexicalScorer"/>).</summary>
    public double Lexical { get; init; } = 0.5;

    /// <summary>The memory is about a person the question names (times how surely it names them).</summary>
    public double AboutAskedPerson { get; init; } = 0.4;

    /// <summary>The memory's text names a person the question names (it is about someone else, or no one).</summary>
    public double NamesAskedPerson { get; init; } = 0.1;

    /// <summary>The question names people and the memory is about someone else, whom it does not name: taken off.</summary>
    public double AboutSomeoneElse { get; init; } = 0.1;

    /// <summary>The question asks through someone ("Bob's boss"): a memory about the person it names gains this instead.</summary>
    public double AboutAskedPersonThrough { get; init; } = 0.0;

    /// <summary>The memory is about someone the best first-pass memories lead to (a second hop), times how surely.</summary>
    public double AboutBridgedPerson { get; init; } = 0.1;

    /// <summary>As <see cref="AboutBridgedPerson"/> when the question asks through someone.</summary>
    public double AboutBridgedPersonThrough { get; init; } = 0.5;

    /// <summary>Newness as of the question's time: this much for a memory of that very moment, halving every <see cref="RecencyHalfLifeDays"/>.</summary>
    public double Recency { get; init; } = 0.05;

    public double RecencyHalfLifeDays { get; init; } = 60;

    /// <summary>Importance 10 adds this much, 1 takes this much off (5 is neutral).</summary>
    public double Importance { get; init; } = 0.03;

    /// <summary>A memory a newer one had updated by the question's time: taken off.</summary>
    public double Superseded { get; init; } = 1.0;

    /// <summary>The question asks what held before a change: superseded memories get this instead of losing <see cref="Superseded"/>.</summary>
    public double PastWanted { get; init; } = 0.3;

    /// <summary>The question asks what held before a change: a memory that updated another (the present) loses this.</summary>
    public double PresentNotWanted { get; init; } = 0.2;

    /// <summary>The question asks for the past: a superseded memory gains this times how well its successor matches ("before X").</summary>
    public double SuccessorMatch { get; init; } = 0.6;

    /// <summary>The question names the change ("before she moved back to mornings"): a memory worded like that change is the change, not what held before it, and loses this times its match.</summary>
    public double ChangeItself { get; init; } = 0.6;

    /// <summary>The question asks for the original: the first memory of a line of updates gains this.</summary>
    public double FirstOfLine { get; init; } = 0.3;

    /// <summary>A second hop from the best memories overall (not about the asked people) counts this much of one from theirs.</summary>
    public double BridgeThroughTopic { get; init; } = 0.5;

    /// <summary>How many of the first pass's best memories a second hop may start from.</summary>
    public int BridgeMemories { get; init; } = 3;

    /// <summary>Candidates taken from the vector index before the other parts are added.</summary>
    public int DenseCandidates { get; init; } = 100;
}
