namespace EDRS.Vectors.Filtering;

/// <summary>
/// A search filter in the shapes every EDRS vector store supports, translated once from the caller's expression. The
/// in-member index checks the shape with it and runs the compiled expression; Qdrant turns it into a Qdrant filter.
/// </summary>
public abstract record FilterNode;
