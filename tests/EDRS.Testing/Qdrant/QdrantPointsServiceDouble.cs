using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace EDRS.Testing.Qdrant;

/// <summary>
/// Double of Qdrant's <c>qdrant.Points</c> gRPC service: upsert, delete (ids or filter), get, query (nearest to a dense
/// vector, with filter, score threshold, offset and limit), scroll, count and create-field-index, with Qdrant's
/// semantics: cosine vectors are normalised on upsert and scored by dot product, results come best first (ties by id),
/// scroll walks ids in order, writes to a missing collection are NotFound and a vector of the wrong size is
/// InvalidArgument with Qdrant's wording. Exact scoring stands in for Qdrant's HNSW: same answers, no approximation.
/// </summary>
[BindServiceMethod(typeof(QdrantPointsServiceDouble), nameof(BindService))]
// Not sealed, methods virtual: ASP.NET Core gRPC binds a hand-bound service only to virtual methods declared by the type
// that declares BindService (as generated service bases do).
internal class QdrantPointsServiceDouble(QdrantDoubleState state)
{
    private const string Service = "qdrant.Points";
    private const ulong DefaultLimit = 10;

    public static void BindService(ServiceBinderBase binder, QdrantPointsServiceDouble? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Upsert", UpsertPoints.Parser, PointsOperationResponse.Parser), service is null ? null! : service.Upsert);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Delete", DeletePoints.Parser, PointsOperationResponse.Parser), service is null ? null! : service.Delete);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Get", GetPoints.Parser, GetResponse.Parser), service is null ? null! : service.Get);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Query", QueryPoints.Parser, QueryResponse.Parser), service is null ? null! : service.Query);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Scroll", ScrollPoints.Parser, ScrollResponse.Parser), service is null ? null! : service.Scroll);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Count", CountPoints.Parser, CountResponse.Parser), service is null ? null! : service.Count);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "CreateFieldIndex", CreateFieldIndexCollection.Parser, PointsOperationResponse.Parser), service is null ? null! : service.CreateFieldIndex);
    }

    public virtual Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context)
    {
        state.Admit(context, "Points/Upsert");
        var collection = state.Existing(request.CollectionName);
        var points = request.Points.Select(p => Stored(collection, p)).ToList();
        lock (collection.Gate)
        {
            foreach (var point in points)
                collection.Points[QdrantDoubleIds.Key(point.Id)] = point;
            return Task.FromResult(Completed(collection));
        }
    }

    public virtual Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context)
    {
        state.Admit(context, "Points/Delete");
        var collection = state.Existing(request.CollectionName);
        lock (collection.Gate)
        {
            var doomed = request.Points.PointsSelectorOneOfCase switch
            {
                PointsSelector.PointsSelectorOneOfOneofCase.Points => request.Points.Points.Ids.Select(QdrantDoubleIds.Key).ToList(),
                PointsSelector.PointsSelectorOneOfOneofCase.Filter => collection.Points.Where(p => QdrantDoubleFilter.Matches(request.Points.Filter, p.Value)).Select(p => p.Key).ToList(),
                _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: points selector is empty")),
            };
            foreach (var key in doomed)
                collection.Points.Remove(key);
            return Task.FromResult(Completed(collection));
        }
    }

    public virtual Task<GetResponse> Get(GetPoints request, ServerCallContext context)
    {
        state.Admit(context, "Points/Get");
        var collection = state.Existing(request.CollectionName);
        var response = new GetResponse { Time = 0.001 };
        lock (collection.Gate)
        {
            foreach (var id in request.Ids)
                if (collection.Points.TryGetValue(QdrantDoubleIds.Key(id), out var point))
                    response.Result.Add(Retrieved(point, request.WithPayload, request.WithVectors));
        }
        return Task.FromResult(response);
    }

    public virtual Task<QueryResponse> Query(QueryPoints request, ServerCallContext context)
    {
        state.Admit(context, "Points/Query");
        var collection = state.Existing(request.CollectionName);
        if (request.Prefetch.Count > 0 || !string.IsNullOrEmpty(request.Using) || request.Query?.VariantCase != global::Qdrant.Client.Grpc.Query.VariantOneofCase.Nearest
            || request.Query.Nearest.VariantCase != VectorInput.VariantOneofCase.Dense)
            throw new RpcException(new Status(StatusCode.Unimplemented, "The Qdrant double implements only a nearest query by a dense vector on the unnamed vector, without prefetch."));
        var query = request.Query.Nearest.Dense.Data.ToArray();
        CheckDimensions(collection, query.Length);
        if (collection.Distance == Distance.Cosine)
            Normalise(query);

        var limit = request.HasLimit ? request.Limit : DefaultLimit;
        var offset = request.HasOffset ? request.Offset : 0;
        var response = new QueryResponse { Time = 0.001 };
        lock (collection.Gate)
        {
            var scored = collection.Points
                .Where(p => QdrantDoubleFilter.Matches(request.Filter, p.Value))
                .Select(p => (Key: p.Key, Point: p.Value, Score: Dot(query, p.Value.Vector)))
                .Where(s => !request.HasScoreThreshold || s.Score >= request.ScoreThreshold)
                .OrderByDescending(s => s.Score).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Skip((int)offset).Take((int)limit);
            foreach (var (_, point, score) in scored)
            {
                var result = new ScoredPoint { Id = point.Id, Score = score, Version = collection.NextOperation };
                if (WantsPayload(request.WithPayload))
                    result.Payload.Add(point.Payload);
                if (request.WithVectors?.Enable == true)
                    result.Vectors = Output(point.Vector);
                response.Result.Add(result);
            }
        }
        return Task.FromResult(response);
    }

    public virtual Task<ScrollResponse> Scroll(ScrollPoints request, ServerCallContext context)
    {
        state.Admit(context, "Points/Scroll");
        var collection = state.Existing(request.CollectionName);
        if (request.OrderBy is not null)
            throw new RpcException(new Status(StatusCode.Unimplemented, "The Qdrant double does not implement scroll order_by."));
        var limit = request.HasLimit ? (int)request.Limit : (int)DefaultLimit;
        var from = request.Offset is null ? null : QdrantDoubleIds.Key(request.Offset);
        var response = new ScrollResponse { Time = 0.001 };
        lock (collection.Gate)
        {
            var page = collection.Points
                .Where(p => from is null || string.CompareOrdinal(p.Key, from) >= 0)
                .Where(p => QdrantDoubleFilter.Matches(request.Filter, p.Value))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Take(limit + 1)
                .ToList();
            foreach (var (_, point) in page.Take(limit))
                response.Result.Add(Retrieved(point, request.WithPayload, request.WithVectors));
            if (page.Count > limit)
                response.NextPageOffset = page[limit].Value.Id;
        }
        return Task.FromResult(response);
    }

    public virtual Task<CountResponse> Count(CountPoints request, ServerCallContext context)
    {
        state.Admit(context, "Points/Count");
        var collection = state.Existing(request.CollectionName);
        lock (collection.Gate)
            return Task.FromResult(new CountResponse { Result = new CountResult { Count = (ulong)collection.Points.Values.Count(p => QdrantDoubleFilter.Matches(request.Filter, p)) }, Time = 0.001 });
    }

    public virtual Task<PointsOperationResponse> CreateFieldIndex(CreateFieldIndexCollection request, ServerCallContext context)
    {
        state.Admit(context, "Points/CreateFieldIndex");
        var collection = state.Existing(request.CollectionName);
        if (!request.HasFieldType)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: field_type is required"));
        lock (collection.Gate)
        {
            collection.PayloadIndexes[request.FieldName] = (request.FieldType, request.FieldIndexParams);
            return Task.FromResult(Completed(collection));
        }
    }

    private static QdrantDoublePoint Stored(QdrantDoubleCollection collection, PointStruct point)
    {
        QdrantDoubleIds.Key(point.Id);
        if (point.Vectors?.VectorsOptionsCase != global::Qdrant.Client.Grpc.Vectors.VectorsOptionsOneofCase.Vector || point.Vectors.Vector.VectorCase != Vector.VectorOneofCase.Dense)
            throw new RpcException(new Status(StatusCode.Unimplemented, "The Qdrant double stores one unnamed dense vector per point."));
        var vector = point.Vectors.Vector.Dense.Data.ToArray();
        CheckDimensions(collection, vector.Length);
        if (collection.Distance == Distance.Cosine)
            Normalise(vector);
        var payload = new MapField<string, Value>();
        payload.Add(point.Payload);
        return new QdrantDoublePoint(point.Id.Clone(), vector, payload.Clone());
    }

    private static void CheckDimensions(QdrantDoubleCollection collection, int length)
    {
        if ((ulong)length != collection.Dimensions)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {collection.Dimensions}, got {length}"));
    }

    private static RetrievedPoint Retrieved(QdrantDoublePoint point, WithPayloadSelector? withPayload, WithVectorsSelector? withVectors)
    {
        var result = new RetrievedPoint { Id = point.Id };
        if (WantsPayload(withPayload))
            result.Payload.Add(point.Payload);
        if (withVectors?.Enable == true)
            result.Vectors = Output(point.Vector);
        return result;
    }

    private static bool WantsPayload(WithPayloadSelector? selector) => selector?.SelectorOptionsCase switch
    {
        null or WithPayloadSelector.SelectorOptionsOneofCase.None => false,
        WithPayloadSelector.SelectorOptionsOneofCase.Enable => selector.Enable,
        _ => throw new RpcException(new Status(StatusCode.Unimplemented, "The Qdrant double does not implement payload include/exclude selectors.")),
    };

    private static VectorsOutput Output(float[] vector)
    {
        var dense = new DenseVector();
        dense.Data.AddRange(vector);
        return new VectorsOutput { Vector = new VectorOutput { Dense = dense } };
    }

    private static PointsOperationResponse Completed(QdrantDoubleCollection collection) =>
        new() { Result = new UpdateResult { OperationId = ++collection.NextOperation, Status = UpdateStatus.Completed }, Time = 0.001 };

    private static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static void Normalise(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm == 0)
            return;
        for (var i = 0; i < v.Length; i++)
            v[i] /= norm;
    }
}
