namespace EDRS.Models.Embeddings.Bert;

/// <summary>How a sentence model turns its token states into one vector (as it was trained).</summary>
public enum SentencePooling
{
    /// <summary>The mean of the token states under the attention mask (all-MiniLM-L6-v2).</summary>
    Mean,

    /// <summary>The state of the leading [CLS] token (snowflake-arctic-embed).</summary>
    Cls,
}
