using Microsoft.Extensions.Options;

namespace EDRS.Embeddings.Tests;

public sealed class EmbeddingHostTests
{
    [Fact]
    public async Task A_member_with_bad_embedding_options_does_not_start_and_names_the_variable()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            EmbeddingMember.StartAsync(new Dictionary<string, string?> { ["Embeddings:MaxSequenceLength"] = "512" }));

        Assert.Contains("Embeddings__MaxSequenceLength", error.Message, StringComparison.Ordinal);
    }
}
