using System.Globalization;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tasks;

/// <summary>Ids of tasks: subtasks are <c>{parent}.{n}</c> (n from 1), so a task's id says where it sits.</summary>
public static class TaskIds
{
    /// <summary>The id of the <paramref name="number"/>th subtask of <paramref name="parentId"/>, or null if it would not be a valid id.</summary>
    public static string? Subtask(string parentId, int number)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{parentId}.{number}");
        return GrainIds.IsEntityId(id) ? id : null;
    }
}
