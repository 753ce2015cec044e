namespace EDRS.Actors.Memory.Commands;

/// <summary>What happened to a persona's fact.</summary>
public enum FactChangeType
{
    Remembered,
    Revised,
    Retracted,
    PersonForgotten,
}
