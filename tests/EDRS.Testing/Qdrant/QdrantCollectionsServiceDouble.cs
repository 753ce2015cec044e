using Grpc.Core;
using Qdrant.Client.Grpc;

namespace EDRS.Testing.Qdrant;

/// <summary>
/// Double of Qdrant's <c>qdrant.Collections</c> gRPC service: the calls the adapter makes (exists, create, delete), with
/// Qdrant's answers and errors. Bound by hand: the Qdrant.Client package ships client stubs only.
/// </summary>
[BindServiceMethod(typeof(QdrantCollectionsServiceDouble), nameof(BindService))]
// Not sealed, methods virtual: ASP.NET Core gRPC binds a hand-bound service only to virtual methods declared by the type
// that declares BindService (as generated service bases do).
internal class QdrantCollectionsServiceDouble(QdrantDoubleState state)
{
    private const string Service = "qdrant.Collections";

    public static void BindService(ServiceBinderBase binder, QdrantCollectionsServiceDouble? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "CollectionExists", CollectionExistsRequest.Parser, CollectionExistsResponse.Parser), service is null ? null! : service.CollectionExists);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Create", CreateCollection.Parser, CollectionOperationResponse.Parser), service is null ? null! : service.Create);
        binder.AddMethod(QdrantDoubleMarshallers.Unary(Service, "Delete", DeleteCollection.Parser, CollectionOperationResponse.Parser), service is null ? null! : service.Delete);
    }

    public virtual Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context)
    {
        state.Admit(context, "Collections/CollectionExists");
        return Task.FromResult(new CollectionExistsResponse { Result = new global::Qdrant.Client.Grpc.CollectionExists { Exists = state.Collections.ContainsKey(request.CollectionName) } });
    }

    public virtual Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context)
    {
        state.Admit(context, "Collections/Create");
        if (request.VectorsConfig?.ConfigCase != VectorsConfig.ConfigOneofCase.Params)
            throw new RpcException(new Status(StatusCode.Unimplemented, "The Qdrant double does not implement named or missing vector configurations."));
        var parameters = request.VectorsConfig.Params;
        if (parameters.Size == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Validation error in body: [vectors_config.size: value 0 invalid, must be 1 or larger]"));
        if (parameters.Distance is not (Distance.Cosine or Distance.Dot))
            throw new RpcException(new Status(StatusCode.Unimplemented, $"The Qdrant double does not implement distance {parameters.Distance}."));
        if (!state.Collections.TryAdd(request.CollectionName, new QdrantDoubleCollection(request.CollectionName, parameters.Size, parameters.Distance)))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: Collection `{request.CollectionName}` already exists!"));
        return Task.FromResult(new CollectionOperationResponse { Result = true, Time = 0.001 });
    }

    public virtual Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context)
    {
        state.Admit(context, "Collections/Delete");
        return Task.FromResult(new CollectionOperationResponse { Result = state.Collections.TryRemove(request.CollectionName, out _), Time = 0.001 });
    }
}
