using EDRS.Grains.Contracts.Sessions;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Sessions;

/// <summary>The session kind as a member hosts it.</summary>
public static class SessionKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<SessionGrain.SessionGrainBase, Session>(SessionGrain.Descriptor, SessionGrain.BindService);
}
