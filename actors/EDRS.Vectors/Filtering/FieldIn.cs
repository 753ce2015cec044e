using Microsoft.Extensions.VectorData.ProviderServices;

namespace EDRS.Vectors.Filtering;

/// <summary><c>values.Contains(record.Field)</c>: the field equals one of <see cref="Values"/>.</summary>
public sealed record FieldIn(PropertyModel Field, IReadOnlyList<object> Values) : FilterNode;
