using EDRS.Actors;
using EDRS.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EDRS.Grains.Tests;

/// <summary>
/// A process asked to host a kind nobody registered must fail, not leave the kind out of the cluster: its calls would
/// otherwise time out with no error anywhere (found while merging the embedding kind into the model kinds).
/// </summary>
public sealed class GrainKindsTests
{
    [Fact]
    public void Hosting_a_kind_without_a_registration_fails_and_names_it()
    {
        var kinds = Kinds(CoreGrains.Kinds);

        var failure = Assert.Throws<InvalidOperationException>(() => kinds.ToClusterKinds(["persona", "embedding"]));

        Assert.Contains("embedding", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("persona", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_model_kind_and_core_kind_can_be_hosted()
    {
        var kinds = Kinds([.. CoreGrains.Kinds, .. ModelGrains.Kinds]);

        var hosted = kinds.ToClusterKinds([.. ModelGrains.Kinds.Select(k => k.Kind)]);

        Assert.Equal(ModelGrains.Kinds.Select(k => k.Kind).Order(), hosted.Select(k => k.Name).Order());
    }

    private static GrainKinds Kinds(IEnumerable<GrainKindRegistration> registrations) =>
        new(registrations, new ServiceCollection().BuildServiceProvider(), Microsoft.Extensions.Options.Options.Create(new GrainOptions()),
            TimeProvider.System, NullLoggerFactory.Instance);
}
