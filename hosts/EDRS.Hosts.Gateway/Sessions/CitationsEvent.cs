namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>The data of the final <c>citations</c> event of a streamed reply.</summary>
/// <param name="Citations">The knowledge chunks the reply drew on, in marker order.</param>
public sealed record CitationsEvent(IReadOnlyList<CitationResponse> Citations);
