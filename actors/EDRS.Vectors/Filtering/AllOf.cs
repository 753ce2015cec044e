namespace EDRS.Vectors.Filtering;

/// <summary><c>Left &amp;&amp; Right</c>.</summary>
public sealed record AllOf(FilterNode Left, FilterNode Right) : FilterNode;
