using Microsoft.Extensions.VectorData.ProviderServices;

namespace EDRS.Vectors.Filtering;

/// <summary><c>record.Field == Value</c> (<see cref="Value"/> may be null).</summary>
public sealed record FieldEquals(PropertyModel Field, object? Value) : FilterNode;
