namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// The one client secret committed to the repository: <c>appsettings.Development.json</c> lets the client
/// <c>default</c> use it so <c>scripts/run.sh</c> works out of the box. Outside Development, a client whose
/// hash matches it stops the gateway at start.
/// </summary>
public static class DevelopmentCredentials
{
    public const string ClientId = "default";

    public const string Secret = "dev-only-secret";
}
