using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EDRS.Benchmarks.Measurement;

namespace EDRS.Benchmarks.Gateway;

/// <summary>
/// A closed-loop HTTP/1.1 load generator in the spirit of <c>wrk</c>: each of N keep-alive connections sends a
/// pre-encoded request, reads the whole response (Content-Length or chunked) and sends the next. Raw sockets,
/// no HttpClient, so the generator costs the machine as little as it can (it shares the 2 cores with the servers).
/// </summary>
internal static class HttpLoadGenerator
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Runs <paramref name="connections"/> connections for <paramref name="warmup"/> + <paramref name="measure"/>;
    /// <paramref name="request"/> gives the bytes of connection c's i-th request. Latencies count only inside the window.
    /// </summary>
    public static async Task<LoadResult> RunAsync(IPEndPoint target, int connections, Func<int, long, byte[]> request, TimeSpan warmup, TimeSpan measure)
    {
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(measure.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(() => LoopAsync(target, c, request, windowStart, windowEnd))));
        return new LoadResult(
            LatencySummary.From(results.Select(r => r.Latencies), measure),
            results.Sum(r => r.Failures),
            results.SelectMany(r => r.Statuses).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value)));
    }

    private static async Task<ConnectionResult> LoopAsync(IPEndPoint target, int connection, Func<int, long, byte[]> request, long windowStart, long windowEnd)
    {
        var latencies = new List<long>(64 * 1024);
        var statuses = new Dictionary<int, long>();
        long failures = 0;
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(target).ConfigureAwait(false);
        var reader = new ResponseReader(socket);
        for (long i = 0; ; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= windowEnd)
                break;
            await socket.SendAsync(request(connection, i), SocketFlags.None).ConfigureAwait(false);
            var status = await reader.ReadAsync().ConfigureAwait(false);
            var done = Stopwatch.GetTimestamp();
            if (sent < windowStart || done > windowEnd)
                continue;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status is >= 200 and < 300)
                latencies.Add(done - sent);
            else
                failures++;
        }
        return new ConnectionResult(latencies, failures, statuses);
    }

    private sealed record ConnectionResult(List<long> Latencies, long Failures, Dictionary<int, long> Statuses);

    /// <summary>Reads one HTTP/1.1 response at a time from a keep-alive connection.</summary>
    private sealed class ResponseReader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[256 * 1024];
        private int _start;
        private int _end;

        public async Task<int> ReadAsync()
        {
            int headerEnd;
            while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
                await FillAsync().ConfigureAwait(false);
            var head = _buffer.AsSpan(_start, headerEnd);
            Utf8Parser.TryParse(head[9..12], out int status, out _);
            var contentLength = ContentLength(head);
            _start += headerEnd + HeaderEnd.Length;
            if (contentLength >= 0)
            {
                await SkipAsync(contentLength).ConfigureAwait(false);
                return status;
            }
            while (true)
            {
                // chunk: size in hex, CRLF, data, CRLF; the last chunk has size 0 and is followed by CRLF.
                var size = await ReadChunkSizeAsync().ConfigureAwait(false);
                await SkipAsync(size + 2).ConfigureAwait(false);
                if (size == 0)
                    return status;
            }
        }

        private static int ContentLength(ReadOnlySpan<byte> head)
        {
            var text = Encoding.ASCII.GetString(head);
            var at = text.IndexOf("\r\ncontent-length:", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
                return -1;
            var from = at + "\r\ncontent-length:".Length;
            var to = text.IndexOf('\r', from);
            return int.Parse(text.AsSpan(from, (to < 0 ? text.Length : to) - from).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        private async Task<int> ReadChunkSizeAsync()
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
                await FillAsync().ConfigureAwait(false);
            Utf8Parser.TryParse(_buffer.AsSpan(_start, lineEnd), out int size, out _, 'x');
            _start += lineEnd + 2;
            return size;
        }

        private async Task SkipAsync(int count)
        {
            while (_end - _start < count)
            {
                count -= _end - _start;
                _start = _end = 0;
                await FillAsync().ConfigureAwait(false);
            }
            _start += count;
        }

        private async Task FillAsync()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                (_end, _start) = (_end - _start, 0);
            }
            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
                throw new IOException("The server closed the connection.");
            _end += read;
        }
    }
}
