using EDRS.Actors.Personas;
using EDRS.Actors.Tasks;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Grpc.Core;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Tasks;

/// <summary>
/// Task grains on a real member and journal: owners chosen by skills and load through the routing table, the task in its
/// owner's inbox while open work, subtasks as tasks of their own reporting to their parent.
/// </summary>
public sealed class TaskGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec { Journal = database.ConnectionString });

    private static async Task<string> HireWithSkillsAsync(TestMember member, string name, params string[] skills)
    {
        var id = NewId();
        await member.Persona(id).HireAsync(Hire(id, profile: Profile(name, skills)));
        return id;
    }

    private static CreateTaskRequest NewTask(string goal, params string[] skills)
    {
        var request = new CreateTaskRequest { RequestId = NewRequestId(), TaskId = $"t-{Guid.NewGuid():N}"[..20], Goal = goal, Requester = "bob", Priority = EventPriority.High };
        request.Skills.AddRange(skills);
        return request;
    }

    [Fact]
    public async Task A_task_goes_to_a_persona_with_all_its_skills_and_the_least_open_work()
    {
        await using var member = await StartMemberAsync();
        var skill = $"sk{Guid.NewGuid():N}"[..10];
        var busy = await HireWithSkillsAsync(member, "Busy", skill, "billing");
        var free = await HireWithSkillsAsync(member, "Free", skill, "billing");
        var unskilled = await HireWithSkillsAsync(member, "Other", skill);
        var first = await member.Grains.Task(Tenant, "pre-" + busy).CreateAsync(new CreateTaskRequest
        {
            RequestId = NewRequestId(), TaskId = "pre-" + busy, Goal = "keep busy busy", Priority = EventPriority.Low, Owner = busy,
        });
        Assert.Equal(busy, first.Task.Owner);

        var request = NewTask("Refund invoice 42", skill, "billing");
        var ack = await member.Grains.Task(Tenant, request.TaskId).CreateAsync(request);

        Assert.Equal(WorkTaskStatus.Assigned, ack.Task.Status);
        Assert.Equal(free, ack.Task.Owner);
        Assert.Contains("least open work (0) of 2 persona(s) with the skills", ack.Task.History[^1].Note, StringComparison.Ordinal);
        var inbox = await member.Persona(free).GetInboxAsync(new GetInboxRequest());
        var item = Assert.Single(inbox.Items);
        Assert.Equal((request.TaskId, "task.assigned", EventPriority.High), (item.EventId, item.EventType, item.Priority));
        Assert.Empty((await member.Persona(unskilled).GetInboxAsync(new GetInboxRequest())).Items);
    }

    [Fact]
    public async Task A_task_nobody_can_take_stays_open_and_is_assigned_once_a_persona_with_the_skill_is_hired()
    {
        await using var member = await StartMemberAsync();
        var skill = $"rare{Guid.NewGuid():N}"[..12];
        var request = NewTask("Translate the contract", skill);
        var ack = await member.Grains.Task(Tenant, request.TaskId).CreateAsync(request);
        Assert.Equal(WorkTaskStatus.Open, ack.Task.Status);
        Assert.Equal($"no persona has the skills {skill}", ack.Task.History[^1].Note);

        var translator = await HireWithSkillsAsync(member, "Tess", skill);
        var assigned = await member.Grains.Task(Tenant, request.TaskId).AssignAsync(new AssignTaskRequest { RequestId = NewRequestId(), TaskId = request.TaskId });

        Assert.Equal((WorkTaskStatus.Assigned, translator), (assigned.Task.Status, assigned.Task.Owner));
    }

    [Fact]
    public async Task Finishing_a_task_closes_it_in_its_owners_inbox_and_a_second_completion_is_refused()
    {
        await using var member = await StartMemberAsync();
        var owner = await HireWithSkillsAsync(member, "Ada", "support");
        var request = NewTask("Reply to Bob");
        request.Owner = owner;
        var task = member.Grains.Task(Tenant, request.TaskId);
        await task.CreateAsync(request);
        await task.StartAsync(new StartTaskRequest { RequestId = NewRequestId(), TaskId = request.TaskId });

        var done = await task.CompleteAsync(new CompleteTaskRequest { RequestId = NewRequestId(), TaskId = request.TaskId, Result = "sent" });

        Assert.Equal((WorkTaskStatus.Done, "sent"), (done.Task.Status, done.Task.Result));
        Assert.Empty((await member.Persona(owner).GetInboxAsync(new GetInboxRequest())).Items);
        var again = await Assert.ThrowsAsync<RpcException>(() => task.CompleteAsync(new CompleteTaskRequest { RequestId = NewRequestId(), TaskId = request.TaskId, Result = "twice" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Subtasks_become_tasks_with_owners_and_report_their_outcome_to_their_parent()
    {
        await using var member = await StartMemberAsync();
        var owner = await HireWithSkillsAsync(member, "Ada", "support");
        var request = NewTask("Handle the escalation");
        request.Owner = owner;
        var parent = member.Grains.Task(Tenant, request.TaskId);
        await parent.CreateAsync(request);
        var split = new AddSubtasksRequest { RequestId = NewRequestId(), TaskId = request.TaskId };
        split.Subtasks.Add(new PlannedSubtask { Goal = "Draft the reply" });
        split.Subtasks.Add(new PlannedSubtask { Goal = "Refund", Priority = EventPriority.Critical });

        var ack = await parent.AddSubtasksAsync(split);

        Assert.Equal([$"{request.TaskId}.1", $"{request.TaskId}.2"], ack.Task.Subtasks.Select(s => s.TaskId));
        var child = await member.Grains.Task(Tenant, $"{request.TaskId}.2").GetTaskAsync(new GetTaskRequest());
        Assert.Equal((request.TaskId, 2, EventPriority.Critical, WorkTaskStatus.Assigned), (child.ParentTaskId, child.Depth, child.Priority, child.Status));

        await member.Grains.Task(Tenant, $"{request.TaskId}.2").FailAsync(new FailTaskRequest { RequestId = NewRequestId(), Reason = "no budget" });

        var view = await parent.GetTaskAsync(new GetTaskRequest());
        Assert.Equal((WorkTaskStatus.Failed, "no budget"), (view.Subtasks[1].Status, view.Subtasks[1].Result));
        Assert.Equal(WorkTaskStatus.Open, view.Subtasks[0].Status);
    }
}
