namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary>The built-in tools this process offers, by name.</summary>
public sealed class BuiltInTools(IEnumerable<IBuiltInTool> tools)
{
    private readonly Dictionary<string, IBuiltInTool> _tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public IBuiltInTool? Find(string name) => _tools.GetValueOrDefault(name);

    public IReadOnlyCollection<IBuiltInTool> All => _tools.Values;
}
