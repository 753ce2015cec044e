namespace EDRS.Vectors.Filtering;

/// <summary><c>!Inner</c>.</summary>
public sealed record NotFilter(FilterNode Inner) : FilterNode;
