using EDRS.Grains.Runtime;
using EDRS.Hosting.Reminders;
using EDRS.Testing;
using EDRS.Testing.Cluster;

namespace EDRS.Hosting.Tests.Reminders;

/// <summary>
/// One activation's reminder on real PostgreSQL: it writes the table only when the reminder changes, and writes again
/// once told to forget (after a write of unknown outcome). A row removed behind its back shows which moves were skipped.
/// The changes it plans to ride a journal append follow what was written, and a wake-up by the reminder needs none until
/// it returns.
/// </summary>
public sealed class GrainReminderTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_move_to_where_it_is_writes_nothing_a_change_or_a_forget_writes_again()
    {
        await using var member = await StartMemberAsync();
        var table = member.Service<GrainReminders>();
        var grain = GrainIdentity.Of(RecordingReminderTarget.ProbeKind, "acme", Guid.NewGuid().ToString("N")[..12]);
        var reminder = new GrainReminder(table, grain, "advance");
        var due = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(1).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

        await reminder.MoveToAsync(due);
        var written = await table.FindAsync(grain, "advance");
        await table.CancelAsync(grain, "advance");
        await reminder.MoveToAsync(due);
        var skipped = await table.FindAsync(grain, "advance");
        await reminder.DueWithinAsync(due.AddMinutes(-30), TimeSpan.FromHours(1));
        var keptWithin = await table.FindAsync(grain, "advance");
        reminder.Forget();
        await reminder.MoveToAsync(due);
        var rewritten = await table.FindAsync(grain, "advance");
        await reminder.DueWithinAsync(due.AddMinutes(-30), TimeSpan.FromMinutes(10));
        var moved = await table.FindAsync(grain, "advance");
        await reminder.MoveToAsync(null);
        var removed = await table.FindAsync(grain, "advance");

        Assert.Equal(due, written);
        Assert.Null(skipped);
        Assert.Null(keptWithin);
        Assert.Equal(due, rewritten);
        Assert.Equal(due.AddMinutes(-20), moved);
        Assert.Null(removed);
    }

    [Fact]
    public async Task Planned_changes_follow_what_was_written_and_a_wake_up_needs_none_until_it_returns()
    {
        await using var member = await StartMemberAsync();
        var table = member.Service<GrainReminders>();
        var grain = GrainIdentity.Of(RecordingReminderTarget.ProbeKind, "acme", Guid.NewGuid().ToString("N")[..12]);
        var reminder = new GrainReminder(table, grain, "advance");
        var now = DateTimeOffset.UtcNow;
        var safety = TimeSpan.FromSeconds(5);

        var first = reminder.Within(now, safety);
        Assert.NotNull(first);
        Assert.Equal((grain.Kind, grain.ClusterIdentity, "advance", now + safety), (first.Kind, first.Identity, first.Name, first.DueAt));
        Assert.NotNull(reminder.Within(now, safety)); // planned, not written: still needed
        reminder.Written(first);
        Assert.Null(reminder.Within(now.AddSeconds(1), safety));
        Assert.Null(reminder.Toward(now + safety));
        Assert.NotNull(reminder.Toward(now.AddMinutes(1)));
        Assert.NotNull(reminder.Within(now.AddSeconds(6), safety)); // the one written is past: a new one

        reminder.Woken();
        Assert.Null(reminder.Within(now, safety)); // the claim protects the wake-up
        Assert.Null(reminder.Toward(null)); // the claimed row goes when the wake-up returns
        var timer = reminder.Toward(now.AddMinutes(1));
        Assert.NotNull(timer);
        reminder.Written(timer);
        Assert.NotNull(reminder.Within(now, safety)); // written again: no longer protected by the claim
        Assert.NotNull(reminder.Toward(null));

        reminder.Woken();
        reminder.WakeReturned();
        Assert.Null(reminder.Toward(null));
        Assert.NotNull(reminder.Within(now, safety));
        Assert.Null(await table.FindAsync(grain, "advance")); // planning writes nothing
    }

    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Kinds = MemberKinds.None,
        Configure = builder => builder.AddEdrsReminders(),
    });
}
