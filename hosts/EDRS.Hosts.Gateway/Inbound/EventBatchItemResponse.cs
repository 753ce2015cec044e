namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>One event's outcome in a batch.</summary>
/// <param name="Index">Its position in the request.</param>
/// <param name="EventId">Its id as sent.</param>
/// <param name="Status"><c>accepted</c>, <c>duplicate</c>, <c>invalid</c> (not accepted: fix it), <c>refused</c> (not accepted: a
/// quota is reached, the detail names it — make room first) or <c>failed</c> (may not be accepted: retry it).</param>
/// <param name="Receipt">The receipt when accepted or duplicate.</param>
/// <param name="Field">The offending field when invalid.</param>
/// <param name="Detail">What is wrong when invalid, refused or failed.</param>
public sealed record EventBatchItemResponse(int Index, string? EventId, string Status, EventReceiptResponse? Receipt, string? Field, string? Detail);
