using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using EDRS.Vectors.Filtering;
using EDRS.Vectors.InMember;
using EDRS.Vectors.Model;
using Grpc.Core;
using Microsoft.Extensions.VectorData;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace EDRS.Vectors.Qdrant;

/// <summary>
/// A grain's vector index in Qdrant, over gRPC. One Qdrant collection per index kind (<c>edrs_memory</c>), shared by
/// all owners and partitioned by the <c>edrs_owner</c> payload field (a keyword index marked as the tenant key).
/// </summary>
/// <remarks>
/// <para><b>Why one collection per kind, not one per grain.</b> There are thousands of personas, each with a memory
/// index; Qdrant gives every collection its own segments, write-ahead log, optimiser and HNSW graphs, and its guidance
/// for many small tenants is one collection with payload partitioning. With the owner as the tenant key Qdrant keeps
/// each owner's points together and builds per-tenant graphs, so a filtered search stays fast.</para>
/// <para><b>What "the index exists" means here.</b> <c>EnsureCollectionExistsAsync</c> creates the shared collection
/// and its payload indexes if missing (idempotent; a concurrent creation by another member is fine).
/// <c>CollectionExistsAsync</c> is true while the owner has records; <c>EnsureCollectionDeletedAsync</c> deletes the
/// owner's records and leaves the shared collection to the other owners.</para>
/// <para><b>Records.</b> Point id: a UUID derived from owner and key (<see cref="QdrantPointIds"/>); payload: the key,
/// the data fields (<see cref="QdrantPayload"/>) and the owner. Qdrant normalises vectors for cosine on upsert, so a
/// vector read back is the unit-length version of what was written (MiniLM vectors already are).</para>
/// <para><b>Filters.</b> The same shapes as in the member (<see cref="VectorFilterTranslator"/>), translated to Qdrant
/// conditions (<see cref="QdrantFilterBuilder"/>); a shape outside them fails before any call, naming the shape.</para>
/// <para><b>Threads.</b> Safe for concurrent use (the gRPC client is).</para>
/// </remarks>
public sealed class QdrantVectorIndex<TRecord> : VectorIndex<TRecord>
    where TRecord : class
{
    /// <summary>The system name reported in metadata and errors.</summary>
    public const string SystemName = "qdrant";

    private const int UpsertBatch = 256;

    private readonly QdrantClient client;
    private readonly VectorRecordModel<TRecord> model;
    private readonly HnswOptions hnsw;
    private readonly string collection;
    private readonly string owner;
    private readonly VectorStoreCollectionMetadata metadata;

    internal QdrantVectorIndex(QdrantClient client, string collectionPrefix, VectorIndexName name, HnswOptions hnsw, VectorStoreCollectionDefinition? definition)
    {
        this.client = client;
        this.hnsw = hnsw;
        IndexName = name;
        model = VectorRecordModel<TRecord>.Build(definition);
        if (model.Model.Properties.Any(p => p.StorageName == QdrantPayload.OwnerField))
            throw new NotSupportedException($"Record field storage name '{QdrantPayload.OwnerField}' is reserved for the index owner.");
        collection = QdrantNames.CollectionFor(collectionPrefix, name);
        owner = name.Owner;
        metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = SystemName, VectorStoreName = collection, CollectionName = name.ToString() };
    }

    public override VectorIndexName IndexName { get; }

    public override bool OwnerKeepsSnapshot => false;

    /// <summary>The Qdrant collection this index's records live in.</summary>
    public string QdrantCollection => collection;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Call("CollectionExists", async () =>
            await client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false)
            && await client.CountAsync(collection, QdrantFilterBuilder.ForOwner(owner, null), exact: true, cancellationToken: cancellationToken).ConfigureAwait(false) > 0);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Call("EnsureCollectionExists", async () =>
        {
            if (await client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false))
                return true;
            try
            {
                await client.CreateCollectionAsync(collection,
                    new VectorParams { Size = (ulong)model.Dimensions, Distance = Distance.Cosine },
                    hnswConfig: new HnswConfigDiff { M = (ulong)hnsw.Connectivity, EfConstruct = (ulong)hnsw.ExpansionAdd },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("already exists", StringComparison.Ordinal))
            {
                // Another member created it between our check and our create.
            }
            await client.CreatePayloadIndexAsync(collection, QdrantPayload.OwnerField, PayloadSchemaType.Keyword,
                new PayloadIndexParams { KeywordIndexParams = new KeywordIndexParams { IsTenant = true } }, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var data in model.Data.Where(d => d.IsIndexed))
                await client.CreatePayloadIndexAsync(collection, data.StorageName, IndexTypeOf(data.Type), cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        });

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        Call("EnsureCollectionDeleted", async () =>
        {
            if (await client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false))
                await client.DeleteAsync(collection, QdrantFilterBuilder.ForOwner(owner, null), cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        });

    public override Task<TRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var includeVectors = options?.IncludeVectors ?? false;
        return Call("Get", async () =>
        {
            var points = await client.RetrieveAsync(collection, [(PointId)QdrantPointIds.For(owner, key)], withPayload: true, withVectors: includeVectors, cancellationToken: cancellationToken).ConfigureAwait(false);
            var point = points.FirstOrDefault(p => IsOwn(p.Payload));
            return point is null ? null : ToRecord(point.Payload, point.Vectors, includeVectors);
        });
    }

    public override IAsyncEnumerable<TRecord> GetAsync(Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        if (options?.OrderBy is not null)
            throw new NotSupportedException("Ordering is not supported by EDRS vector indexes: order the records after reading them.");
        var qdrantFilter = QdrantFilterBuilder.ForOwner(owner, VectorFilterTranslator.Translate(filter, model.Model));
        return Scroll(qdrantFilter, top, options?.Skip ?? 0, options?.IncludeVectors ?? false, cancellationToken);
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Call("Delete", async () =>
        {
            await client.DeleteAsync(collection, [QdrantPointIds.For(owner, key)], cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var points = records.Select(ToPoint).ToList();
        return Call("Upsert", async () =>
        {
            foreach (var batch in points.Chunk(UpsertBatch))
                await client.UpsertAsync(collection, batch, wait: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    public override IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var query = model.QueryVectorOf(searchValue);
        var filter = QdrantFilterBuilder.ForOwner(owner, options?.Filter is { } f ? VectorFilterTranslator.Translate(f, model.Model) : null);
        return Search(query, filter, top, options, cancellationToken);
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? metadata
            : serviceType == typeof(QdrantClient) ? client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public override byte[] Export() =>
        throw new NotSupportedException($"Index '{IndexName}' lives in Qdrant, which persists it: grains keep no snapshot of it (OwnerKeepsSnapshot is false).");

    public override void Import(byte[] snapshot) =>
        throw new NotSupportedException($"Index '{IndexName}' lives in Qdrant, which persists it: there is no snapshot to import (OwnerKeepsSnapshot is false).");

    private async IAsyncEnumerable<VectorSearchResult<TRecord>> Search(float[] query, Filter filter, int top, VectorSearchOptions<TRecord>? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var includeVectors = options?.IncludeVectors ?? false;
        var points = await Call("Search", () => client.QueryAsync(collection,
            query: query,
            filter: filter,
            scoreThreshold: options?.ScoreThreshold is { } threshold ? (float)threshold : null,
            searchParams: new SearchParams { HnswEf = (ulong)hnsw.ExpansionSearch },
            limit: (ulong)top,
            offset: (ulong)(options?.Skip ?? 0),
            payloadSelector: new WithPayloadSelector { Enable = true },
            vectorsSelector: new WithVectorsSelector { Enable = includeVectors },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var point in points)
            yield return new VectorSearchResult<TRecord>(ToRecord(point.Payload, point.Vectors, includeVectors), point.Score);
    }

    private async IAsyncEnumerable<TRecord> Scroll(Filter filter, int top, int skip, bool includeVectors, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wanted = top + skip;
        var seen = 0;
        PointId? offset = null;
        while (seen < wanted)
        {
            var page = await Call("Get", () => client.ScrollAsync(collection, filter, limit: (uint)Math.Min(wanted - seen, 1_000), offset: offset,
                payloadSelector: new WithPayloadSelector { Enable = true }, vectorsSelector: new WithVectorsSelector { Enable = includeVectors },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var point in page.Result)
            {
                if (seen++ >= skip && seen <= wanted)
                    yield return ToRecord(point.Payload, point.Vectors, includeVectors);
            }
            if (page.NextPageOffset is null || page.Result.Count == 0)
                yield break;
            offset = page.NextPageOffset;
        }
    }

    private PointStruct ToPoint(TRecord record)
    {
        var key = model.KeyOf(record);
        var point = new PointStruct { Id = QdrantPointIds.For(owner, key), Vectors = model.VectorOf(record, key) };
        point.Payload[QdrantPayload.OwnerField] = new Value { StringValue = owner };
        QdrantPayload.Write(point.Payload, model.Key, record);
        foreach (var data in model.Data)
            QdrantPayload.Write(point.Payload, data, record);
        return point;
    }

    private TRecord ToRecord(Google.Protobuf.Collections.MapField<string, Value> payload, VectorsOutput? vectors, bool includeVectors)
    {
        var record = model.Model.CreateRecord<TRecord>();
        QdrantPayload.Read(payload, model.Key, record);
        foreach (var data in model.Data)
            QdrantPayload.Read(payload, data, record);
        if (includeVectors && vectors?.Vector?.Dense is { } dense)
            model.SetVector(record, dense.Data.ToArray());
        return record;
    }

    private bool IsOwn(Google.Protobuf.Collections.MapField<string, Value> payload) =>
        payload.TryGetValue(QdrantPayload.OwnerField, out var value) && value.StringValue == owner;

    private static PayloadSchemaType IndexTypeOf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(bool) ? PayloadSchemaType.Bool
            : underlying == typeof(int) || underlying == typeof(long) ? PayloadSchemaType.Integer
            : underlying == typeof(float) || underlying == typeof(double) ? PayloadSchemaType.Float
            : underlying == typeof(DateTimeOffset) ? PayloadSchemaType.Datetime
            : PayloadSchemaType.Keyword;
    }

    private async Task<T> Call<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or QdrantException)
        {
            throw new VectorStoreException($"Qdrant {operation} on '{collection}' for '{IndexName}' failed: {(e as RpcException)?.Status.Detail ?? e.Message}", e)
            {
                VectorStoreSystemName = SystemName,
                VectorStoreName = collection,
                CollectionName = IndexName.ToString(),
                OperationName = operation,
            };
        }
    }
}
