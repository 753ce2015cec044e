using Microsoft.Extensions.Options;

namespace EDRS.Vectors;

/// <summary>Start-up validation of <see cref="VectorsOptions"/>; every message names the environment variable to set.</summary>
public sealed class VectorsOptionsValidator : IValidateOptions<VectorsOptions>
{
    public ValidateOptionsResult Validate(string? name, VectorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var storeIsKnown = Enum.TryParse<VectorStoreKind>(options.Store, ignoreCase: true, out var store) && Enum.IsDefined(store)
            && !int.TryParse(options.Store, out _);
        if (!storeIsKnown)
            errors.Add($"Vectors__Store must be InMember or Qdrant (got '{options.Store}').");

        if (storeIsKnown && store == VectorStoreKind.Qdrant)
        {
            var url = options.Qdrant.Url;
            if (string.IsNullOrWhiteSpace(url))
                errors.Add("Vectors__Qdrant__Url is required when Vectors__Store=Qdrant: Qdrant's gRPC endpoint, e.g. http://qdrant:6334.");
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"Vectors__Qdrant__Url must be an absolute http:// or https:// URL of Qdrant's gRPC port (got '{url}').");
            if (options.Qdrant.ApiKey is { } key && string.IsNullOrWhiteSpace(key))
                errors.Add("Vectors__Qdrant__ApiKey is blank: leave it unset for a server without keys, or set the key.");
            if (string.IsNullOrWhiteSpace(options.Qdrant.CollectionPrefix) || !QdrantNames.IsValidPrefix(options.Qdrant.CollectionPrefix))
                errors.Add($"Vectors__Qdrant__CollectionPrefix must be 1-32 of a-z, 0-9, '_' or '-' (got '{options.Qdrant.CollectionPrefix}').");
        }

        errors.AddRange(options.Hnsw.Validate("Vectors__Hnsw__"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
