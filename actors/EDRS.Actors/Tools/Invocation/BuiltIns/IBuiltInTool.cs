namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary>A tool the product brings (not registered by tenants): a name, a description and an argument schema, as an HTTP tool has.</summary>
public interface IBuiltInTool
{
    string Name { get; }

    string Description { get; }

    /// <summary>The JSON Schema of its arguments.</summary>
    string ArgsSchema { get; }

    /// <summary>Runs the tool; its effect happens once per <see cref="ToolInvocation.IdempotencyKey"/>.</summary>
    Task<ToolCallResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
