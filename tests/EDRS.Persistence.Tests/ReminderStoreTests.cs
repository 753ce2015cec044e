using EDRS.Persistence.Reminders;
using EDRS.Testing;

namespace EDRS.Persistence.Tests;

/// <summary>
/// The reminder table on real PostgreSQL: due rows are claimed once (concurrent claimers skip each other's rows), a claim
/// is a lease that runs out, and completing a claim never removes a registration made while the grain was being woken.
/// </summary>
public sealed class ReminderStoreTests(JournalDatabase db) : IClassFixture<JournalDatabase>
{
    private ReminderStore Store => new(db.DataSource, db.Options);

    private static string Kind() => $"probe-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_due_reminder_is_claimed_once_and_one_not_yet_due_is_left()
    {
        var kind = Kind();
        await Store.ScheduleAsync(kind, "acme/a", "due", DateTimeOffset.UtcNow.AddSeconds(-1));
        await Store.ScheduleAsync(kind, "acme/a", "later", DateTimeOffset.UtcNow.AddHours(1));

        var first = (await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1))).Where(r => r.Kind == kind).ToList();
        var second = (await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1))).Where(r => r.Kind == kind).ToList();

        var claimed = Assert.Single(first);
        Assert.Equal(("acme/a", "due", 1), (claimed.Identity, claimed.Name, claimed.Attempts));
        Assert.Empty(second);
        Assert.NotNull(await Store.FindAsync(kind, "acme/a", "later"));
    }

    [Fact]
    public async Task Members_claiming_at_the_same_time_share_the_due_reminders_without_overlap()
    {
        var kind = Kind();
        const int count = 400;
        for (var i = 0; i < count; i++)
            await Store.ScheduleAsync(kind, $"acme/w{i}", "wake", DateTimeOffset.UtcNow.AddSeconds(-1));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Store.ClaimDueAsync(150, TimeSpan.FromMinutes(1)))));
        var mine = claims.Select(c => c.Where(r => r.Kind == kind).Select(r => r.Identity).ToList()).ToList();
        var rest = (await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1))).Where(r => r.Kind == kind).Select(r => r.Identity);
        var all = mine.SelectMany(c => c).Concat(rest).ToList();

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Distinct().Count());
    }

    [Fact]
    public async Task Completing_a_claim_keeps_a_registration_made_while_the_grain_was_woken()
    {
        var kind = Kind();
        await Store.ScheduleAsync(kind, "acme/b", "wake", DateTimeOffset.UtcNow.AddSeconds(-1));
        var claimed = Assert.Single(await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1)), r => r.Kind == kind);
        var moved = DateTimeOffset.UtcNow.AddMinutes(5);

        await Store.ScheduleAsync(kind, "acme/b", "wake", moved);
        await Store.CompleteAsync(claimed);

        var due = await Store.FindAsync(kind, "acme/b", "wake");
        Assert.NotNull(due);
        Assert.Equal(moved.ToUnixTimeMilliseconds(), due.Value.ToUnixTimeMilliseconds());

        await Store.CancelAsync(kind, "acme/b", "wake");
        Assert.Null(await Store.FindAsync(kind, "acme/b", "wake"));
    }

    [Fact]
    public async Task Claims_completed_together_each_go_unless_registered_again()
    {
        var kind = Kind();
        for (var i = 0; i < 5; i++)
            await Store.ScheduleAsync(kind, $"acme/batch{i}", "wake", DateTimeOffset.UtcNow.AddSeconds(-1));
        var claimed = (await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1))).Where(r => r.Kind == kind).ToList();
        await Store.ScheduleAsync(kind, "acme/batch3", "wake", DateTimeOffset.UtcNow.AddMinutes(5));

        await Store.CompleteAsync(claimed);

        Assert.Equal(5, claimed.Count);
        var left = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            if (await Store.FindAsync(kind, $"acme/batch{i}", "wake") is not null)
                left.Add($"acme/batch{i}");
        }
        Assert.Equal(["acme/batch3"], left);
    }

    [Fact]
    public async Task A_claim_that_is_never_completed_runs_out_and_the_reminder_is_claimed_again()
    {
        var kind = Kind();
        await Store.ScheduleAsync(kind, "acme/c", "wake", DateTimeOffset.UtcNow.AddSeconds(-1));
        var first = Assert.Single(await Store.ClaimDueAsync(1000, TimeSpan.FromMilliseconds(300)), r => r.Kind == kind);

        // The member that claimed it died: after the lease any member claims it, as a second attempt of the same registration.
        var again = await Eventually.ValueAsync(
            async () => (await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1))).Where(r => r.Kind == kind).ToList(),
            claims => claims.Count == 1, "the reminder is claimed again after its lease ran out");

        Assert.Equal(first.Token, again[0].Token);
        Assert.Equal(2, again[0].Attempts);
    }

    [Fact]
    public async Task A_released_reminder_waits_for_its_retry_delay()
    {
        var kind = Kind();
        await Store.ScheduleAsync(kind, "acme/d", "wake", DateTimeOffset.UtcNow.AddSeconds(-1));
        var claimed = Assert.Single(await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1)), r => r.Kind == kind);

        await Store.ReleaseAsync(claimed, TimeSpan.FromHours(1));
        Assert.DoesNotContain(await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1)), r => r.Kind == kind);

        await Store.ReleaseAsync(claimed, TimeSpan.Zero);
        Assert.Single(await Store.ClaimDueAsync(1000, TimeSpan.FromMinutes(1)), r => r.Kind == kind);
    }
}
