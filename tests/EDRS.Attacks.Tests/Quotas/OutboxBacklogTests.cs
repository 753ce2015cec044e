using EDRS.Testing;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>
/// With publishing off nothing drains the outbox, and every hire, profile change and work item adds a row: the backlog
/// keeps at most <c>Outbox:MaxBacklog</c> rows, the newest, so the database does not grow without end.
/// </summary>
public sealed class OutboxBacklogTests(OutboxGateway gateway) : IClassFixture<OutboxGateway>
{
    [Fact]
    public async Task With_publishing_off_the_outbox_keeps_at_most_its_backlog_and_the_newest_rows()
    {
        for (var i = 0; i < 30; i++)
            await gateway.Client.HireAsync($"outbox-{i:00}");

        await Eventually.TrueAsync(async () => await gateway.Database.CountAsync("select count(*) from edrs_outbox") <= 20,
            "the outbox is trimmed to its backlog of 20 rows");
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from edrs_outbox where message_key = $1", "persona/default/outbox-29"));
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from edrs_outbox where message_key = $1", "persona/default/outbox-00"));
    }
}
