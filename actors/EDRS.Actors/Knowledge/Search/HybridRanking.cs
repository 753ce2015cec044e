using EDRS.Grains.Contracts.Knowledge;

namespace EDRS.Actors.Knowledge.Search;

/// <summary>
/// Fuses the two rankings the shards return: score = w × cosine + (1 − w) × BM25 / (best BM25 of the query). Cosine
/// similarity is comparable across shards as it is; BM25 is scaled by the query's best lexical score over every shard
/// and collection searched, so a chunk that matches the query's words as well as any other gets the full lexical part.
/// (Shards compute BM25 with their own term statistics; with documents spread by hash, those are close.) w = 1 ranks by
/// cosine alone.
/// </summary>
public static class HybridRanking
{
    public static List<KnowledgeHitView> Rank(IEnumerable<(string CollectionId, ChunkCandidate Candidate)> candidates, double denseWeight, int top)
    {
        var all = candidates.ToList();
        var bestLexical = all.Count == 0 ? 0f : all.Max(c => c.Candidate.LexicalScore);
        return
        [
            .. all
                .Select(c => new KnowledgeHitView(c.CollectionId, c.Candidate, Fuse(c.Candidate, denseWeight, bestLexical)))
                .OrderByDescending(h => h.Score)
                .ThenBy(h => h.CollectionId, StringComparer.Ordinal)
                .ThenBy(h => h.Chunk.ChunkId, StringComparer.Ordinal)
                .Take(top),
        ];
    }

    private static float Fuse(ChunkCandidate candidate, double denseWeight, float bestLexical)
    {
        var lexical = bestLexical > 0f ? candidate.LexicalScore / bestLexical : 0f;
        return (float)((denseWeight * candidate.DenseScore) + ((1 - denseWeight) * lexical));
    }
}
