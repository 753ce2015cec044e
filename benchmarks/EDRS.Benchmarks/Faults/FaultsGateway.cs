using System.Globalization;
using System.Security.Cryptography;
using EDRS.Benchmarks.Gateway;
using EDRS.Testing;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// The gateway process of the fault runs: the real EDRS.Hosts.Gateway binary joined to the harness's cluster as a member
/// that hosts no kinds, with JWT auth on (a client for the load's tenant) and a rate-limit tier the load never exhausts.
/// It is never killed; part of the load goes through its REST edge.
/// </summary>
internal sealed class FaultsGateway : IAsyncDisposable
{
    private const string Tier = "faults";

    private FaultsGateway(MemberProcess process, HttpClient http, string token)
    {
        Process = process;
        Http = http;
        Token = token;
    }

    public MemberProcess Process { get; }

    public string Address => Process.Address;

    public HttpClient Http { get; }

    public string Token { get; }

    public IFactSender Sender => new RestFactSender(Http, Token);

    public static async Task<FaultsGateway> StartAsync(FaultsRun run, HarnessMember harness, string connectionString, TimeSpan callTimeout)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var (httpPort, grpcPort) = (FreePorts.Next(), FreePorts.Next());
        var client = FactLoad.Tenant; // the tenant is the token's client id
        var process = await harness.StartMemberAsync(run, "gateway", connectionString, dll: run.GatewayDll, settings: new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Grains__CallTimeout"] = callTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [$"Auth__Clients__{client}__SecretHash"] = await GatewayProcess.HashSecretAsync(run.GatewayDll, secret).ConfigureAwait(false),
            [$"Auth__Clients__{client}__Roles__0"] = "admin",
            [$"Auth__Clients__{client}__Roles__1"] = "user",
            [$"Auth__Clients__{client}__Tier"] = Tier,
            [$"RateLimits__Tiers__{Tier}__RequestsPerMinute"] = "1000000000",
            [$"RateLimits__Tiers__{Tier}__Burst"] = "100000000",
            [$"RateLimits__Tiers__{Tier}__Concurrency"] = "100000",
        }).ConfigureAwait(false);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
            Timeout = Timeout.InfiniteTimeSpan, // each request carries its own deadline
        };
        try
        {
            await WaitUntilReadyAsync(http, process).ConfigureAwait(false);
            var token = await GatewayProcess.TokenAsync(http, client, secret).ConfigureAwait(false);
            return new FaultsGateway(process, http, token);
        }
        catch
        {
            http.Dispose();
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, MemberProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The gateway exited during start:\n{process.Tail()}");
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync("/health/readiness", timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Not serving yet.
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException($"The gateway was not ready within 60 s:\n{process.Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
    }
}
