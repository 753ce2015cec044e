using EDRS.Vectors.InMember;
using EDRS.Vectors.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qdrant.Client;

namespace EDRS.Vectors;

public static class VectorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IVectorIndexFactory"/> for the store <c>Vectors:Store</c> names (<c>InMember</c> by default,
    /// or <c>Qdrant</c> with <c>Vectors:Qdrant:Url</c> and optionally <c>Vectors:Qdrant:ApiKey</c>), with the options
    /// validated at start-up.
    /// </summary>
    public static IServiceCollection AddEdrsVectors(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<VectorsOptions>().BindConfiguration(VectorsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VectorsOptions>, VectorsOptionsValidator>());
        services.TryAddSingleton<IVectorIndexFactory>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<VectorsOptions>>().Value;
            return options.StoreKind switch
            {
                VectorStoreKind.Qdrant => new QdrantVectorIndexFactory(
                    new QdrantClient(new Uri(options.Qdrant.Url!), options.Qdrant.ApiKey, loggerFactory: provider.GetService<ILoggerFactory>()),
                    options.Qdrant.CollectionPrefix, options.Hnsw),
                _ => new InMemberVectorIndexFactory(options.Hnsw),
            };
        });
        return services;
    }
}
