namespace EDRS.Actors.Personas.Events;

/// <summary>Everything that happens to a persona. The hierarchy is closed: only this assembly declares persona events.</summary>
public abstract record PersonaEvent
{
    private protected PersonaEvent()
    {
    }
}
