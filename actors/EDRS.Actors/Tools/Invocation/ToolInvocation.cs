using System.Text.Json;

namespace EDRS.Actors.Tools.Invocation;

/// <summary>
/// One call of a tool: whose (<paramref name="Tenant"/>), which, with what arguments, and the stable
/// <paramref name="IdempotencyKey"/> of its logical attempt (sent as the <c>Idempotency-Key</c> header, and what built-in
/// tools derive their ids from, so a repeated attempt has one effect). <paramref name="AttemptStartedAt"/> is journaled
/// with the attempt, so values derived from it are the same on every repeat.
/// </summary>
public sealed record ToolInvocation(string Tenant, string Tool, JsonElement Args, string IdempotencyKey, DateTimeOffset AttemptStartedAt, string Requester);
