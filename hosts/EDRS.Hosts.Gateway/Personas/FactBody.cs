namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A fact to remember (<c>POST</c>) or a revision of one (<c>PUT</c>; only text and source count).</summary>
/// <param name="Kind">preference, like, dislike, working-style or note.</param>
/// <param name="Subject">What the fact is about (at most 100 characters); a newer fact of the same kind and subject supersedes the older one.</param>
/// <param name="Text">The fact itself, required, at most 2,000 characters.</param>
/// <param name="Source">Where the persona learnt it (at most 200 characters), e.g. "1:1 on Monday".</param>
public sealed record FactBody(string? Kind, string? Subject, string? Text, string? Source);
