using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Webhooks;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Webhooks;

/// <summary>
/// A tenant's webhook subscriptions and their deliveries, as the REST and gRPC edges offer them: input checked with
/// refusals that name the field (INVALID_ARGUMENT), another tenant's subscriptions never found (NOT_FOUND), a secret
/// generated when none is given and returned only on creation.
/// </summary>
public sealed class WebhookSubscriptions(WebhookSubscriptionStore subscriptions, WebhookDeliveryStore deliveries, IOptions<WebhooksOptions> options)
{
    /// <param name="id">
    /// The subscription's id when the caller chose it (derived from a retry key): a subscription of that
    /// id already there is returned as it is, its secret included; null: a new id.
    /// </param>
    /// <exception cref="RpcException">INVALID_ARGUMENT naming the field; FAILED_PRECONDITION (limit reached) past <see cref="WebhooksOptions.MaxSubscriptionsPerTenant"/>.</exception>
    public async Task<NewWebhookSubscription> SubscribeAsync(
        string tenant, string? url, IReadOnlyList<string?>? eventTypes, string? secret, string? id, CancellationToken cancellationToken)
    {
        var target = (url ?? "").Trim();
        if (target.Length == 0)
            throw Refuse(GrainException.Invalid("url", "is required"));
        if (target.Length > WebhookLimits.MaxUrlLength || !Uri.TryCreate(target, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw Refuse(GrainException.Invalid("url", $"must be an absolute http or https URL of at most {WebhookLimits.MaxUrlLength} characters"));
        if (eventTypes is null || eventTypes.Count == 0)
            throw Refuse(GrainException.Invalid("eventTypes", "must list at least one event type"));
        if (eventTypes.Count > WebhookLimits.MaxEventTypes)
            throw Refuse(GrainException.Invalid("eventTypes", $"must list at most {WebhookLimits.MaxEventTypes} event types"));
        for (var i = 0; i < eventTypes.Count; i++)
        {
            if (!WebhookLimits.IsEventTypePattern(eventTypes[i]))
                throw Refuse(GrainException.Invalid($"eventTypes[{i}]", WebhookLimits.EventTypeRule));
        }
        if (secret is not null && (secret.Length is < WebhookLimits.MinSecretLength or > WebhookLimits.MaxSecretLength || secret.Any(c => c is <= ' ' or > '~')))
            throw Refuse(GrainException.Invalid("secret", $"must be {WebhookLimits.MinSecretLength}..{WebhookLimits.MaxSecretLength} printable ASCII characters without spaces"));
        var key = secret ?? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        id ??= "wh-" + Guid.CreateVersion7().ToString("N");
        var max = options.Value.MaxSubscriptionsPerTenant;
        var added = await subscriptions.AddAsync(tenant, id, target, [.. eventTypes.Select(t => t!).Distinct(StringComparer.Ordinal)], key, max, cancellationToken).ConfigureAwait(false)
            // Two retries at once: the other one's insert won.
            ?? await subscriptions.FindAsync(tenant, id, cancellationToken).ConfigureAwait(false)
            ?? throw Refuse(GrainException.LimitReached("Webhooks:MaxSubscriptionsPerTenant", $"A tenant has at most {max} webhook subscriptions: remove some first."));
        return new NewWebhookSubscription(added, added.Secret);
    }

    public Task<List<WebhookSubscription>> ListAsync(string tenant, CancellationToken cancellationToken) => subscriptions.ListAsync(tenant, cancellationToken);

    /// <exception cref="RpcException">INVALID_ARGUMENT for a malformed id; NOT_FOUND when the tenant has no such subscription.</exception>
    public async Task<WebhookSubscription> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        await subscriptions.FindAsync(tenant, CheckedId(id), cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);

    /// <exception cref="RpcException">INVALID_ARGUMENT for a malformed id; NOT_FOUND when the tenant has no such subscription.</exception>
    public async Task RemoveAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        if (!await subscriptions.RemoveAsync(tenant, CheckedId(id), cancellationToken).ConfigureAwait(false))
            throw NotFound(id);
    }

    /// <summary>
    /// A page of the subscription's deliveries (<paramref name="status"/>: pending, delivered, dead or null for all), from
    /// <paramref name="cursor"/> (a page's <see cref="WebhookDeliveryPage.NextCursor"/>; null for the first page).
    /// </summary>
    /// <exception cref="RpcException">INVALID_ARGUMENT naming <c>id</c>, <c>status</c>, <c>limit</c> or <c>cursor</c>; NOT_FOUND when the tenant has no such subscription.</exception>
    public async Task<WebhookDeliveryPage> DeliveriesAsync(string tenant, string id, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        await GetAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        if (status is not null && !WebhookDeliveryStatus.IsValid(status))
            throw Refuse(GrainException.Invalid("status", "must be pending, delivered or dead"));
        var size = limit ?? WebhookLimits.DefaultPageSize;
        if (size is < 1 or > WebhookLimits.MaxPageSize)
            throw Refuse(GrainException.Invalid("limit", $"must be an integer from 1 to {WebhookLimits.MaxPageSize}"));
        long? before = null;
        if (cursor is not null)
            before = DecodeCursor(cursor) ?? throw Refuse(GrainException.Invalid("cursor", "is not a cursor this API returned"));
        var page = await deliveries.ListAsync(tenant, id, status, before, size + 1, cancellationToken).ConfigureAwait(false);
        return page.Count > size ? new WebhookDeliveryPage(page[..size], EncodeCursor(page[size - 1].Sequence)) : new WebhookDeliveryPage(page, null);
    }

    // Cursors are opaque to clients: the page's last sequence, base64url.
    private static string EncodeCursor(long sequence) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture)));

    private static long? DecodeCursor(string cursor)
    {
        try
        {
            return long.TryParse(Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string CheckedId(string id) =>
        WebhookLimits.IsSubscriptionId(id) ? id : throw Refuse(GrainException.Invalid("id", WebhookLimits.IdRule));

    private static RpcException NotFound(string id) => Refuse(GrainException.NotFound($"There is no webhook subscription '{id}'."));

    private static RpcException Refuse(GrainException refusal) => GrainFaults.ToRpcException(refusal.ToFault());
}
