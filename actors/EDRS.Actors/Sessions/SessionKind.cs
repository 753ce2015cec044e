using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Sessions.SessionGrain;

namespace EDRS.Actors.Sessions;

/// <summary>The session kind as a member hosts it.</summary>
public static class SessionKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<Contract.SessionGrainBase, SessionGrain>(Contract.Descriptor, Contract.BindService);
}
