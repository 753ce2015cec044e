namespace EDRS.Testing.Http;

/// <summary>What the <see cref="RecordingHttpServer"/> answers a request with: a status, a body (JSON unless said otherwise), after a delay.</summary>
public sealed record ScriptedResponse(int Status = 200, string Body = """{"ok":true}""", TimeSpan Delay = default, string ContentType = "application/json");
