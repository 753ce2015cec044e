using System.Net.Sockets;
using System.Text;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.BadInput;

/// <summary>On the real server a body without a Content-Length (chunked) is cut off at the limit too.</summary>
public sealed class OversizedOnKestrelTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    /// <summary>
    /// Sent over a raw socket: the server answers (and closes) before the upload ends, which HttpClient reports as a
    /// failed upload rather than as the answer; a socket lets the test keep reading.
    /// </summary>
    [Fact]
    public async Task A_chunked_body_over_10_MB_is_a_413_problem_not_a_5xx()
    {
        var token = await gateway.TokenAsync(TestClients.Default);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", gateway.HttpPort);
        var stream = tcp.GetStream();
        var head = $"POST {PersonasPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var reading = ReadAllAsync(stream);
        var chunk = Encoding.ASCII.GetBytes($"10000\r\n{new string(' ', 0x10000)}\r\n");
        try
        {
            for (var sent = 0; sent < 11 * 1024 * 1024 && !reading.IsCompleted; sent += 0x10000)
                await stream.WriteAsync(chunk);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("0\r\n\r\n"));
        }
        catch (IOException)
        {
            // The server stopped reading once it had answered: expected.
        }

        var response = await reading.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("application/problem+json", response);
        Assert.Contains("\"status\":413", response);
    }

    private static async Task<string> ReadAllAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (text.ToString().Contains("\r\n0\r\n\r\n", StringComparison.Ordinal) || text.ToString().EndsWith('}'))
                    break;
            }
        }
        catch (IOException)
        {
            // Connection closed by the server after its answer.
        }
        return text.ToString();
    }
}
