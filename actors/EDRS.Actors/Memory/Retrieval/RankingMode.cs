namespace EDRS.Actors.Memory.Retrieval;

/// <summary>How a search orders memories.</summary>
public enum RankingMode
{
    /// <summary>The hybrid ranking (default): meaning, words, people, time, importance and supersession.</summary>
    Hybrid = 0,

    /// <summary>Cosine similarity alone over the memories that had occurred by then: the baseline the hybrid is measured against.</summary>
    Cosine = 1,
}
