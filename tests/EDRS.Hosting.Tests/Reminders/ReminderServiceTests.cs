using EDRS.Grains.Runtime;
using EDRS.Hosting.Reminders;
using EDRS.Persistence.Reminders;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Hosting.Tests.Reminders;

/// <summary>
/// Members waking grains from the reminder table on real PostgreSQL: after the due time, once, across a member restart,
/// with retries of a failed wake-up, and shared between members without a reminder woken twice.
/// </summary>
public sealed class ReminderServiceTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync(RecordingReminderTarget target) =>
        TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Kinds = MemberKinds.None,
            Configure = builder => builder.AddEdrsReminders(),
            Services = services => services.AddSingleton<IReminderTarget>(target),
        });

    private static GrainIdentity Probe(string key) => GrainIdentity.Of(RecordingReminderTarget.ProbeKind, "acme", key);

    [Fact]
    public async Task Each_reminder_wakes_its_grain_once_and_not_before_it_is_due()
    {
        var target = new RecordingReminderTarget();
        await using var member = await StartMemberAsync(target);
        var reminders = member.Service<GrainReminders>();
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 40; i++)
            await reminders.ScheduleAsync(Probe($"{prefix}-{i}"), "wake", now.AddMilliseconds(300 + 20 * i));

        await Eventually.TrueAsync(() => target.Woken.Count(w => w.Identity.Contains(prefix, StringComparison.Ordinal)) >= 40, "every reminder woke its grain");
        await Eventually.TrueAsync(async () => await reminders.FindAsync(Probe($"{prefix}-39"), "wake") is null, "the last reminder's row is gone");

        var mine = target.Woken.Where(w => w.Identity.Contains(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(40, mine.Select(w => w.Identity).Distinct().Count());
        Assert.Equal(40, mine.Count);
        Assert.All(mine, w => Assert.True(w.WokenAt >= w.DueAt, $"{w.Identity} was woken at {w.WokenAt:O}, before its due time {w.DueAt:O}"));
    }

    [Fact]
    public async Task A_reminder_registered_before_its_member_stopped_is_delivered_by_the_next_member()
    {
        var first = new RecordingReminderTarget();
        var key = $"restart-{Guid.NewGuid():N}"[..20];
        await using (var member = await StartMemberAsync(first))
            await member.Service<GrainReminders>().ScheduleAsync(Probe(key), "wake", DateTimeOffset.UtcNow.AddSeconds(2));

        var next = new RecordingReminderTarget();
        await using var restarted = await StartMemberAsync(next);

        await Eventually.TrueAsync(() => next.Woken.Any(w => w.Identity == $"acme/{key}"), "the restarted member woke the grain");
        Assert.DoesNotContain(first.Woken, w => w.Identity == $"acme/{key}");
    }

    [Fact]
    public async Task A_failed_wake_up_is_retried_until_the_grain_acknowledges_it()
    {
        var target = new RecordingReminderTarget { FailuresLeft = 2 };
        await using var member = await StartMemberAsync(target);
        var key = $"retry-{Guid.NewGuid():N}"[..20];
        await member.Service<GrainReminders>().ScheduleAsync(Probe(key), "wake", DateTimeOffset.UtcNow);

        await Eventually.TrueAsync(() => target.Woken.Any(w => w.Identity == $"acme/{key}"), "the third wake-up reached the grain");

        Assert.Equal(1, target.Woken.Count(w => w.Identity == $"acme/{key}"));
        await Eventually.TrueAsync(async () => await member.Service<GrainReminders>().FindAsync(Probe(key), "wake") is null, "the acknowledged reminder is gone");
    }

    [Fact]
    public async Task Two_members_share_the_due_reminders_and_wake_each_grain_once()
    {
        var a = new RecordingReminderTarget();
        var b = new RecordingReminderTarget();
        await using var memberA = await StartMemberAsync(a);
        await using var memberB = await StartMemberAsync(b);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var store = memberA.Service<ReminderStore>();
        var due = DateTimeOffset.UtcNow.AddMilliseconds(500);
        for (var i = 0; i < 200; i++)
            await store.ScheduleAsync(RecordingReminderTarget.ProbeKind, $"acme/{prefix}-{i}", "wake", due);

        int Woken() => a.Woken.Concat(b.Woken).Count(w => w.Identity.Contains(prefix, StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Woken() >= 200, "all 200 grains were woken");

        var all = a.Woken.Concat(b.Woken).Where(w => w.Identity.Contains(prefix, StringComparison.Ordinal)).Select(w => w.Identity).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }
}
