using EDRS.Actors.Sessions.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Sessions;

/// <summary>The stored names of the session's events. Never change a name once it has been used.</summary>
public static class SessionEvents
{
    public static EventTypeMap MapSessionEvents(this EventTypeMap map) => map
        .Map<SessionOpened>("session_opened")
        .Map<UserSaid>("user_said")
        .Map<PersonaReplied>("persona_replied")
        .Map<PersonaReplyInterrupted>("persona_reply_interrupted")
        .Map<PersonaCalledTool>("persona_called_tool");
}
