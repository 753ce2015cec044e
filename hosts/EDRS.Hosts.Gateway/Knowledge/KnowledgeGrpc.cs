using EDRS.Actors.Knowledge;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Hosts.Gateway.Grpc;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>The knowledge base over gRPC: the collection grain (generic grain gateway) and <see cref="KnowledgeBaseGrpc"/>.</summary>
public static class KnowledgeGrpc
{
    /// <summary>
    /// Serves the collection grain through the generic grain gateway (creating a collection needs <c>admin</c>, as on the
    /// REST side), and gives <see cref="KnowledgeBaseGrpc"/> a message size limit that fits the largest document.
    /// </summary>
    public static GrainServiceRegistry ServeKnowledge(this GrainServiceRegistry grpc, IServiceCollection services)
    {
        services.AddOptions<GrpcServiceOptions<KnowledgeBaseGrpc>>().Configure<IOptions<KnowledgeOptions>>((grpcOptions, knowledge) =>
            grpcOptions.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, knowledge.Value.MaxDocumentBytes + (1024 * 1024)));
        return grpc.Serve<KnowledgeGrain.KnowledgeGrainBase>(KnowledgeGrain.Descriptor, KnowledgeGrain.BindService, "collection_id", "CreateCollection");
    }
}
