using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EDRS.Grains.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Observability;

/// <summary>
/// Writes each log entry as one JSON line with the fields every EDRS host shares: <c>timestamp</c> (ISO 8601, UTC),
/// <c>level</c>, <c>service</c>, <c>trace_id</c>, <c>span_id</c>, <c>client_id</c>, <c>request_id</c>, <c>message</c>, then
/// <c>category</c>, the template's values under <c>attributes</c> and any <c>exception</c>. A field with no value is
/// <c>null</c>, never missing, so every line has the same shape.
/// </summary>
/// <remarks>
/// Our own formatter rather than the built-in JSON one (whose field names and nesting differ) or Serilog (two
/// packages and a second logging pipeline for eight fields). The console logger formats on the logging thread, so
/// <see cref="Activity.Current"/> is the span the line belongs to; <c>client_id</c> and <c>request_id</c> come from
/// the innermost scope that has them (<see cref="EdrsLogScope"/> and the request middleware's scope).
/// </remarks>
public sealed class EdrsJsonConsoleFormatter(IOptions<ObservabilityOptions> options, IHostEnvironment environment) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "edrs-json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Log lines are never embedded in HTML: keep '+', '<', non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private string? _service;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
            return;

        var ids = new ScopeIds();
        scopeProvider?.ForEachScope(static (scope, ids) => ids.Read(scope), ids);
        var activity = Activity.Current;

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(logEntry.LogLevel));
            json.WriteString("service", _service ??= ServiceName());
            WriteOrNull(json, "trace_id", activity?.TraceId.ToHexString());
            WriteOrNull(json, "span_id", activity?.SpanId.ToHexString());
            WriteOrNull(json, "client_id", ids.ClientId);
            WriteOrNull(json, "request_id", ids.RequestId);
            WriteOrNull(json, "message", message);
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0)
                json.WriteNumber("event_id", logEntry.EventId.Id);
            WriteAttributes(json, logEntry.State);
            if (logEntry.Exception is { } exception)
                json.WriteString("exception", exception.ToString());
            json.WriteEndObject();
        }
        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private string ServiceName()
    {
        try
        {
            return options.Value.ServiceName ?? ObservabilityOptions.DefaultServiceName(environment.ApplicationName);
        }
        catch (OptionsValidationException)
        {
            // Invalid settings stop the host, and that failure must still be logged.
            return ObservabilityOptions.DefaultServiceName(environment.ApplicationName);
        }
    }

    private static void WriteAttributes<TState>(Utf8JsonWriter json, TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || values.Count <= 1)
            return;
        json.WriteStartObject("attributes");
        foreach (var (key, value) in values)
        {
            if (key == "{OriginalFormat}")
                continue;
            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool b:
                    json.WriteBoolean(key, b);
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte:
                    json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double d when double.IsFinite(d):
                    json.WriteNumber(key, d);
                    break;
                case float f when float.IsFinite(f):
                    json.WriteNumber(key, f);
                    break;
                case decimal m:
                    json.WriteNumber(key, m);
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
        json.WriteEndObject();
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "information",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

    /// <summary>The ids the scopes hold; scopes are visited outermost first, so the innermost value wins.</summary>
    private sealed class ScopeIds
    {
        public string? ClientId { get; private set; }

        public string? RequestId { get; private set; }

        public void Read(object? scope)
        {
            if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs)
                return;
            foreach (var (key, value) in pairs)
            {
                if (value is null)
                    continue;
                if (key == EdrsLogScope.ClientIdKey)
                    ClientId = value.ToString();
                else if (key == EdrsLogScope.RequestIdKey)
                    RequestId = value.ToString();
            }
        }
    }
}
