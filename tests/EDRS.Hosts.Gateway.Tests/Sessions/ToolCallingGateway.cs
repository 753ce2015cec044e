using EDRS.Testing.Gateway;
using EDRS.Testing.Models;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>
/// The gateway with a chat model double (<see cref="ScriptedChatClient"/>: no model weights call a tool on cue) that calls
/// <see cref="Tool"/> once with a customer id and replies with its result; the tokenizer is the tiny model's own.
/// </summary>
public sealed class ToolCallingGateway() : GatewayFixture(new GatewayOptions
{
    Services = ScriptedChatClient.CallingToolOnce(() => Tool, new Dictionary<string, object?> { ["customer"] = "c-42" }).Register,
})
{
    /// <summary>The tool the model calls.</summary>
    public const string Tool = "lookup-customer";
}
