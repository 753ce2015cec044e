using JasperFx.Events.Projections;
using Marten;

namespace EDRS.Actors.Tasks.Board;

/// <summary>
/// The task board: every task of a tenant, listed by status and owner. Eventually consistent: the async daemon projects
/// it from the journal shortly after each change; a task's current state is its grain's.
/// </summary>
public static class TaskBoard
{
    public const int MaxPageSize = 200;

    /// <summary>Characters of a goal the board keeps (the whole goal is the grain's).</summary>
    public const int GoalPreviewLength = 200;

    /// <summary>Registers the projection (async) and its table, <c>mt_doc_task_board</c>, indexed for listing by tenant, status and owner.</summary>
    public static void Configure(StoreOptions store)
    {
        store.Projections.Add<TaskBoardProjection>(ProjectionLifecycle.Async);
        store.Schema.For<TaskBoardEntry>()
            .DocumentAlias("task_board")
            .Duplicate(e => e.Tenant, configure: index => index.Columns = ["tenant", "id"])
            .Duplicate(e => e.Stage)
            .Duplicate(e => e.Owner);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> tasks of <paramref name="tenant"/> after <paramref name="afterTaskId"/> (null: from the
    /// first), by task id, optionally only of one <paramref name="stage"/> and one <paramref name="owner"/>; and whether more follow.
    /// </summary>
    public static async Task<(IReadOnlyList<TaskBoardEntry> Entries, bool More)> PageAsync(
        IQuerySession session, string tenant, TaskStage? stage, string? owner, string? afterTaskId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var after = $"{TaskKind.Name}/{tenant}/{afterTaskId ?? ""}";
        var where = "where tenant = ? and id > ?";
        var parameters = new List<object> { tenant, after };
        if (stage is { } s)
        {
            where += " and stage = ?";
            parameters.Add((int)s);
        }
        if (owner is not null)
        {
            where += " and owner = ?";
            parameters.Add(owner);
        }
        parameters.Add(limit + 1);
        var rows = await session.QueryAsync<TaskBoardEntry>($"{where} order by id limit ?", cancellationToken, [.. parameters]).ConfigureAwait(false);
        return rows.Count > limit ? ([.. rows.Take(limit)], true) : (rows, false);
    }

    /// <summary>The tenant part of a task stream key <c>task/{tenant}/{taskId}</c>.</summary>
    public static string TenantOf(string streamKey)
    {
        var parts = streamKey.Split('/', 3);
        return parts.Length == 3 && parts[0] == TaskKind.Name
            ? parts[1]
            : throw new InvalidOperationException($"'{streamKey}' is not a task stream key.");
    }
}
