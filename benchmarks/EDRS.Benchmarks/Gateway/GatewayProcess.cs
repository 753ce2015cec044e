using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using EDRS.Testing;

namespace EDRS.Benchmarks.Gateway;

/// <summary>
/// The real gateway binary as a process of its own, on a database of the caller's, in production mode with auth on (one
/// client with the admin and user roles) and a rate-limit tier no load exhausts: the limiter still runs on every request.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    public const string ClientId = "bench";

    private GatewayProcess(ChildProcess process, int httpPort, string token)
    {
        Process = process;
        HttpPort = httpPort;
        Token = token;
    }

    public ChildProcess Process { get; }

    public int HttpPort { get; }

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>A bearer token of <see cref="ClientId"/>.</summary>
    public string Token { get; }

    /// <summary>Starts the gateway, waits until it serves its OpenAPI document, and takes a token.</summary>
    /// <param name="settings">More configuration (environment variables, <c>Section__Key</c>), e.g. the model.</param>
    public static async Task<GatewayProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var gatewayDll = GatewayDll();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var (httpPort, grpcPort, metricsPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Journal__ConnectionString"] = connectionString,
            ["Journal__ApplySchemaOnStart"] = "true",
            ["Cluster__Provider"] = "SingleNode",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Observability__MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [$"Auth__Clients__{ClientId}__SecretHash"] = await HashSecretAsync(gatewayDll, secret).ConfigureAwait(false),
            [$"Auth__Clients__{ClientId}__Roles__0"] = "admin",
            [$"Auth__Clients__{ClientId}__Roles__1"] = "user",
            [$"Auth__Clients__{ClientId}__Tier"] = "bench",
            ["RateLimits__Tiers__bench__RequestsPerMinute"] = "1000000000",
            ["RateLimits__Tiers__bench__Burst"] = "100000000",
            ["RateLimits__Tiers__bench__Concurrency"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var process = ChildProcess.Start(gatewayDll, [], environment);
        try
        {
            var baseUrl = $"http://127.0.0.1:{httpPort}";
            await process.WaitUntilServingAsync($"{baseUrl}/api/openapi.json", TimeSpan.FromSeconds(90)).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            return new GatewayProcess(process, httpPort, await TokenAsync(http, ClientId, secret).ConfigureAwait(false));
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client of the gateway sending <see cref="Token"/>.</summary>
    public HttpClient AuthorizedClient(TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    /// <summary>A bearer token for <paramref name="clientId"/> from the gateway's client-credentials endpoint.</summary>
    internal static async Task<string> TokenAsync(HttpClient http, string clientId, string secret)
    {
        using var response = await http.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        })).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"No token: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>The gateway's hash of the client secret, from its own <c>hash-secret</c> command.</summary>
    internal static async Task<string> HashSecretAsync(string gatewayDll, string secret)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(gatewayDll);
        start.ArgumentList.Add("hash-secret");
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not run hash-secret.");
        await process.StandardInput.WriteAsync(secret).ConfigureAwait(false);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("hash:", StringComparison.Ordinal))?["hash:".Length..].Trim()
            ?? throw new InvalidOperationException($"hash-secret printed no hash: {output}");
    }

    /// <summary>The gateway built next to this benchmark (same configuration), through the project reference.</summary>
    private static string GatewayDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name; // .../bin/{Configuration}/net10.0
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "hosts", "EDRS.Hosts.Gateway", "bin", configuration, bin.Name, "EDRS.Hosts.Gateway.dll");
            if (File.Exists(Path.Combine(dir.FullName, "EDRS.sln")))
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"The gateway is not built ({dll}): build benchmarks/EDRS.Benchmarks, which builds it too.");
        }
        throw new DirectoryNotFoundException($"No repository root above {bin.FullName}.");
    }
}
