using EDRS.Testing.Cluster;
using Microsoft.Extensions.Options;

namespace EDRS.Models.Tests.Embeddings;

public sealed class EmbeddingHostTests
{
    [Fact]
    public async Task A_member_with_bad_embedding_options_does_not_start_and_names_the_variable()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestMember.StartAsync(new MemberSpec
            {
                Kinds = MemberKinds.Embedding,
                Settings = new Dictionary<string, string?> { ["Embeddings:MaxSequenceLength"] = "512" },
            }));

        Assert.Contains("Embeddings__MaxSequenceLength", error.Message, StringComparison.Ordinal);
    }
}
