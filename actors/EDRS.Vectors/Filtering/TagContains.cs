using Microsoft.Extensions.VectorData.ProviderServices;

namespace EDRS.Vectors.Filtering;

/// <summary><c>record.Tags.Contains(Tag)</c> on a <c>string[]</c> or <c>List&lt;string&gt;</c> field.</summary>
public sealed record TagContains(PropertyModel Field, string Tag) : FilterNode;
