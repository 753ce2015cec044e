namespace EDRS.Sessions.Tests.Gateway;

/// <summary>The gateway with neither MODEL_PATH nor OPENAI_BASE_URL: it must start and say what is missing.</summary>
public sealed class NoModelGateway : SessionsGateway
{
    protected override IEnumerable<KeyValuePair<string, string?>> ModelSettings => [];
}
