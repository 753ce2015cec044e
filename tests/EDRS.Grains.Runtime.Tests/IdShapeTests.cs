namespace EDRS.Grains.Runtime.Tests;

/// <summary>The id rules hold for the whole value: a trailing line feed (which <c>$</c> lets through) makes an id invalid.</summary>
public sealed class IdShapeTests
{
    [Theory]
    [InlineData("ada\n")]
    [InlineData("ada\r\n")]
    [InlineData("\nada")]
    public void An_id_with_a_line_break_is_no_entity_id_tenant_or_request_id(string id)
    {
        Assert.False(GrainIds.IsEntityId(id));
        Assert.False(GrainIds.IsTenant(id));
        Assert.False(GrainIds.IsRequestId(id));
        Assert.False(GrainIdentity.TryParse("persona", $"acme/{id}", out _));
    }

    [Fact]
    public void The_ids_without_the_line_feed_are_valid()
    {
        Assert.True(GrainIds.IsEntityId("ada"));
        Assert.True(GrainIds.IsTenant("acme"));
        Assert.True(GrainIds.IsRequestId("key-1"));
        Assert.True(GrainIdentity.TryParse("persona", "acme/ada", out _));
    }
}
