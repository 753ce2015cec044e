using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Knowledge.Search;
using EDRS.Actors.Knowledge.Sources;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Embeddings;
using EDRS.Hosting.Options;
using EDRS.Hosting.Outbound;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Persistence;
using EDRS.Persistence.Knowledge;
using EDRS.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Knowledge;

/// <summary>
/// The knowledge base: the <c>knowledge</c> (collection) and <c>knowledge-shard</c> grain kinds with the vector index
/// port their shards keep chunks in, and the components edges and sessions use — the router, the searcher and the
/// ingestor (documents are cut in the embedding model's word pieces, so the ingestor works where the model's tokenizer
/// is registered: EDRS.Models' embedding runner, which the gateway adds), and re-ingest of allowed sources on inbound
/// <c>knowledge.*</c> events (<see cref="SourceRefreshRequests"/>, <see cref="SourceRefreshWorker"/>).
/// </summary>
public static class KnowledgeRegistration
{
    public static IHostApplicationBuilder AddEdrsKnowledge(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<KnowledgeOptions>(KnowledgeOptions.Section, o => o.Validate());
        // all-MiniLM-L6-v2 reads at most 254 word pieces of a text: chunks are sized to fit whole, below the library's
        // general defaults of 300/200/400 (settings under Knowledge__Chunking__ still override these).
        services.AddOptions<ChunkingOptions>().Configure(o =>
        {
            o.MaxTokens = 250;
            o.TargetTokens = 200;
            o.MinTokens = 120;
            o.OverlapTokens = 50;
        });
        services.AddValidatedOptions<ChunkingOptions>(ChunkingOptions.Section, o => o.Validate());
        services.AddEdrsVectors();
        services.AddGrainKind(KnowledgeKind.Collection);
        services.AddGrainKind(KnowledgeKind.Shard);
        builder.AddEdrsEmbeddingClient();
        services.TryAddSingleton<KnowledgeRouter>();
        services.TryAddSingleton<KnowledgeSearcher>();
        services.TryAddSingleton<DocumentIngestor>();

        // Re-ingest on inbound knowledge.* events: requests recorded before the event is routed, fetched by the
        // processes that can ingest (SourceRefreshWorker idles elsewhere).
        services.TryAddSingleton(sp => new SourceRefreshStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundEventReaction, SourceRefreshRequests>());
        services.TryAddSingleton<SourceRefresher>();
        services.AddHttpClient(SourceRefresher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .GuardOutbound(followRedirects: false);
        services.AddHostedService<SourceRefreshWorker>();
        return builder;
    }
}
