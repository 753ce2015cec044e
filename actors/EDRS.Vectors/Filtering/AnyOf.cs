namespace EDRS.Vectors.Filtering;

/// <summary><c>Left || Right</c>.</summary>
public sealed record AnyOf(FilterNode Left, FilterNode Right) : FilterNode;
