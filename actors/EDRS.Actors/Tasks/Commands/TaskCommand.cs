namespace EDRS.Actors.Tasks.Commands;

/// <summary>What a task can be asked to do, as the domain sees it. Closed to this assembly.</summary>
public abstract record TaskCommand
{
    private protected TaskCommand()
    {
    }
}
