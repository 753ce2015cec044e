namespace EDRS.Benchmarks.Memory;

/// <summary>Where one question's expected memories ranked in one search.</summary>
/// <param name="Category">The question's category.</param>
/// <param name="AnswerRank">1-based rank of the best-ranked answer; <see cref="int.MaxValue"/> when none was returned.</param>
/// <param name="InOrder">Every answer was returned and ranked above every stale memory (a stale memory not returned ranks below).</param>
internal sealed record QuestionScore(string Category, int AnswerRank, bool InOrder)
{
    public bool HitAt(int k) => AnswerRank <= k;

    /// <summary>Scores one ranked result list (memory ids, best first) against a question's expectations.</summary>
    public static QuestionScore Of(EvalQuestion question, long[] ranked, IReadOnlyDictionary<string, long> ids)
    {
        int RankOf(string key) => Array.IndexOf(ranked, ids[key]) is var i and >= 0 ? i + 1 : int.MaxValue;
        var answerRanks = question.Answers.Select(RankOf).ToArray();
        var staleRanks = question.Stale.Select(RankOf).ToArray();
        var inOrder = answerRanks.All(r => r != int.MaxValue) && (staleRanks.Length == 0 || answerRanks.Max() < staleRanks.Min());
        return new QuestionScore(question.Category, answerRanks.Min(), inOrder);
    }
}
