using Microsoft.Extensions.VectorData.ProviderServices;

namespace EDRS.Vectors.Filtering;

/// <summary><c>record.Field Operator Value</c> on a number or a <see cref="DateTimeOffset"/>.</summary>
public sealed record FieldRange(PropertyModel Field, RangeOperator Operator, object Value) : FilterNode;
