namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A fact to remember (<c>POST</c>) or a revision of one (<c>PUT</c>; only text and source count).</summary>
/// <param name="Kind">preference, like, dislike, working-style or note.</param>
/// <param name="Subject">What the fact is about; a newer fact of the same kind and subject supersedes the older one.</param>
public sealed record FactBody(string? Kind, string? Subject, string? Text, string? Source);
