namespace EDRS.Actors.Personas.Commands;

/// <summary>
/// What a persona can be asked to do, as the domain sees it: plain values, no wire types. The persona grain maps each rpc
/// to one command; <see cref="PersonaDecider"/> validates it against the state. The hierarchy is closed to this assembly.
/// </summary>
public abstract record PersonaCommand
{
    private protected PersonaCommand()
    {
    }
}
