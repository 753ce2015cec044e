using System.Text.Json;

namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>A task to create.</summary>
/// <param name="Id">The task's id (letters, digits, '.', '_', '-'; at most 64); absent: one is made (from the Idempotency-Key when given).</param>
/// <param name="Goal">What is to be achieved, required, at most 2,000 characters.</param>
/// <param name="Requester">Who asks (a person, a system), at most 200 characters.</param>
/// <param name="Skills">Skills the owner needs, all of them (at most 10); none: any persona.</param>
/// <param name="Priority">low, normal (default), high or critical: where the task sits in its owner's inbox.</param>
/// <param name="Owner">A persona id to give the task to; absent: the least-loaded persona with the skills.</param>
/// <param name="Input">A JSON object with what the task works on (at most 100,000 bytes).</param>
public sealed record TaskBody(string? Id, string? Goal, string? Requester, IReadOnlyList<string?>? Skills, string? Priority, string? Owner, JsonElement? Input);
