using EDRS.Vectors.InMember;
using EDRS.Vectors.Tests.Contract;

namespace EDRS.Vectors.Tests.InMember;

/// <summary>The store contract against the in-member USearch index (real natives).</summary>
public sealed class InMemberVectorIndexContractTests : VectorIndexContract
{
    protected override IVectorIndexFactory Factory { get; } = new InMemberVectorIndexFactory(new HnswOptions { ExactSearchBelow = 100, FilteredExactBelow = 500 });
}
