using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using EDRS.Testing;

namespace EDRS.Benchmarks.Gateway;

/// <summary>
/// <c>gateway</c>: the REST read path (GET persona) and write path (POST fact, acknowledged after its event is
/// committed) through the real gateway binary with auth and rate limits on (a JWT validated on every request), against
/// a plain Kestrel endpoint returning the same JSON in the same run. The load generator is <see cref="HttpLoadGenerator"/>
/// (.NET, raw sockets, closed loop, keep-alive). Gateway, baseline and generator are separate processes sharing the machine.
/// </summary>
internal static class GatewayBenchmark
{
    private const string ServePlain = "--serve-plain";
    private const int ReadPersonas = 100;
    private const int WritePersonas = 1_000;
    private static readonly string[] People = ["ana", "ben", "chen", "dara"];
    private static readonly string[] Subjects = ["coffee", "meetings", "editor", "music"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [ServePlain, var servePort, var serveJson])
            return await PlainJsonServer.RunAsync(int.Parse(servePort, CultureInfo.InvariantCulture), serveJson).ConfigureAwait(false);
        if (!GatewayBenchmarkOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"gateway: {error} (run without arguments for usage)").ConfigureAwait(false);
            return 2;
        }

        var total = Stopwatch.StartNew();
        Console.WriteLine(
            $"gateway: read = GET /api/v1/personas/{{id}} over {ReadPersonas} personas, {options.ReadConnections} connections; " +
            $"write = POST .../people/{{person}}/facts over {WritePersonas} personas, {options.WriteConnections} connections (ack after commit); " +
            $"baseline = plain Kestrel, same JSON, {options.ReadConnections} connections. Auth on (JWT per request), rate limiter on. " +
            $"{options.Warmup.TotalSeconds:0} s warm-up + {options.Measure.TotalSeconds:0} s measured per run; load generator: .NET raw-socket HTTP/1.1 (HttpLoadGenerator); " +
            $"{Environment.ProcessorCount} cores.");

        await using var database = await TestDatabase.CreateAsync("bench_gateway").ConfigureAwait(false);
        var work = Directory.CreateTempSubdirectory("edrs-gateway-bench-");
        try
        {
            var plainPort = FreePorts.Next();
            await using var gateway = await GatewayProcess.StartAsync(database.ConnectionString).ConfigureAwait(false);
            var (httpPort, token) = (gateway.HttpPort, gateway.Token);
            using var http = gateway.AuthorizedClient();
            await HireAsync(http, WritePersonas).ConfigureAwait(false);
            var json = await http.GetStringAsync("/api/v1/personas/p0000").ConfigureAwait(false);
            var jsonFile = Path.Combine(work.FullName, "persona.json");
            await File.WriteAllTextAsync(jsonFile, json).ConfigureAwait(false);

            await using var plain = ChildProcess.Start(typeof(GatewayBenchmark).Assembly.Location, ["gateway", ServePlain, plainPort.ToString(CultureInfo.InvariantCulture), jsonFile], new Dictionary<string, string>());
            await plain.WaitUntilServingAsync($"http://127.0.0.1:{plainPort}/api/v1/personas/p0000", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            Console.WriteLine($"  set-up: gateway (pid {gateway.Process.Id}) and baseline (pid {plain.Id}) serving, {WritePersonas:N0} personas hired, {total.Elapsed.TotalSeconds:0.0} s");

            var reads = Requests(ReadPersonas, id => $"GET /api/v1/personas/{id} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n");
            var plainReads = Requests(ReadPersonas, id => $"GET /api/v1/personas/{id} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            var writes = WriteRequests(token);

            var kestrel = await RunAsync("kestrel (plain, same JSON)", plainPort, options.ReadConnections, (c, i) => plainReads[(int)((c + i) % plainReads.Length)], options).ConfigureAwait(false);
            var read = await RunAsync("gateway read (GET persona)", httpPort, options.ReadConnections, (c, i) => reads[(int)((c + i) % reads.Length)], options).ConfigureAwait(false);
            var write = await RunAsync("gateway write (POST fact)", httpPort, options.WriteConnections,
                (c, i) => writes[(int)(((c + (i * options.WriteConnections)) % WritePersonas * Subjects.Length) + (i % Subjects.Length))], options).ConfigureAwait(false);

            Console.WriteLine();
            Console.WriteLine("| run | requests/s | p50 ms | p99 ms | max ms | non-2xx |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (name, r) in new[] { ("kestrel (plain, same JSON)", kestrel), ("gateway read (GET persona)", read), ("gateway write (POST fact)", write) })
                Console.WriteLine($"| {name} | {r.Latency.PerSecond:N0} | {r.Latency.P50Ms:0.00} | {r.Latency.P99Ms:0.00} | {r.Latency.MaxMs:0.00} | {r.Failures} |");
            var ratio = kestrel.Latency.PerSecond > 0 ? read.Latency.PerSecond / kestrel.Latency.PerSecond : 0;
            Console.WriteLine();
            Console.WriteLine($"total {total.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT read_rps={read.Latency.PerSecond:0} read_p99_ms={read.Latency.P99Ms:0.00} write_rps={write.Latency.PerSecond:0} write_p99_ms={write.Latency.P99Ms:0.00} kestrel_rps={kestrel.Latency.PerSecond:0} read_ratio={ratio:0.00} cores={Environment.ProcessorCount}"));
            // Errors make the numbers meaningless: fail the run rather than report them.
            return kestrel.Failures + read.Failures + write.Failures == 0 ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<LoadResult> RunAsync(string name, int port, int connections, Func<int, long, byte[]> request, GatewayBenchmarkOptions options)
    {
        var result = await HttpLoadGenerator.RunAsync(new IPEndPoint(IPAddress.Loopback, port), connections, request, options.Warmup, options.Measure).ConfigureAwait(false);
        var statuses = string.Join(", ", result.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"));
        Console.WriteLine($"  {name}: {result.Latency.PerSecond:N0} req/s, p50 {result.Latency.P50Ms:0.00} ms, p99 {result.Latency.P99Ms:0.00} ms ({statuses})");
        return result;
    }

    private static byte[][] Requests(int personas, Func<string, string> request) =>
        [.. Enumerable.Range(0, personas).Select(i => Encoding.ASCII.GetBytes(request(PersonaId(i))))];

    /// <summary>Per persona, one request per subject: a new fact of the same subject supersedes the old one, so state stays small.</summary>
    private static byte[][] WriteRequests(string token) =>
    [
        .. from p in Enumerable.Range(0, WritePersonas)
           from s in Enumerable.Range(0, Subjects.Length)
           let body = JsonSerializer.Serialize(new { kind = "preference", subject = Subjects[s], text = $"Prefers {Subjects[s]} option {p % 7}." })
           select Encoding.UTF8.GetBytes(
               $"POST /api/v1/personas/{PersonaId(p)}/people/{People[(p + s) % People.Length]}/facts HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
               $"Authorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"),
    ];

    private static string PersonaId(int i) => $"p{i:D4}";

    private static async Task HireAsync(HttpClient http, int count)
    {
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var body = JsonSerializer.Serialize(new { id = PersonaId(i), name = $"Persona {i}", role = "Support", skills = new[] { "support", "billing" }, personality = "Calm." });
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/api/v1/personas", content, ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"Hiring {PersonaId(i)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
        }).ConfigureAwait(false);
    }
}
