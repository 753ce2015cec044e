namespace EDRS.Actors.Outbound;

/// <summary>
/// A call made on a tenant's behalf that was not made: its host resolves only into a blocked network
/// (<c>Outbound__BlockedNetworks</c>). Thrown by the HTTP clients' connect step, so callers see it inside the
/// <see cref="HttpRequestException"/> the client wraps it in (<see cref="In"/>). Unlike a connection that failed, waiting
/// does not help: tool steps fail at once, webhook deliveries are dead at once, knowledge-source refreshes fail.
/// </summary>
public sealed class OutboundRefusedException(string message) : HttpRequestException(HttpRequestError.ConnectionError, message)
{
    /// <summary>The refusal <paramref name="exception"/> is or wraps; null when it is another failure.</summary>
    public static OutboundRefusedException? In(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundRefusedException refused)
                return refused;
        }
        return null;
    }
}
