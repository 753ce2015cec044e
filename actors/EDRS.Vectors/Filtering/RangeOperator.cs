namespace EDRS.Vectors.Filtering;

/// <summary>The comparison of a <see cref="FieldRange"/>, read as <c>field OP value</c>.</summary>
public enum RangeOperator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}
