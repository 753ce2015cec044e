using System.Collections.Concurrent;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Tools.Invocation;

/// <summary>
/// A member's view of the tenants' tools: definitions read from each tenant's registry grain and kept for
/// <see cref="ToolsOptions.CatalogTtl"/>, so calls do not all pass through one grain. A changed tool is called in its new
/// form at most that long after the change.
/// </summary>
public sealed class ToolCatalog(GrainClients clients, IOptions<ToolsOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Tenant, string Name), (ToolSpec Tool, DateTimeOffset FetchedAt)> _tools = new();

    /// <summary>The tool, or null when the tenant has none of that name.</summary>
    /// <exception cref="RpcException">The registry could not be asked (try again later).</exception>
    public async Task<ToolSpec?> FindAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_tools.TryGetValue((tenant, name), out var held) && now - held.FetchedAt < options.Value.CatalogTtl)
            return held.Tool;
        try
        {
            var definition = await clients.Tools(tenant).GetToolAsync(new GetToolRequest { Name = name }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            var tool = TenantToolRegistry.FromContract(definition);
            _tools[(tenant, name)] = (tool, now);
            return tool;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            _tools.TryRemove((tenant, name), out _);
            return null;
        }
    }
}
