namespace EDRS.Actors.Sessions.Commands;

/// <summary>What changes a session, as the domain sees it (no wire types). Closed to this assembly.</summary>
public abstract record SessionCommand
{
    private protected SessionCommand()
    {
    }
}
