using Microsoft.Extensions.Logging;

namespace EDRS.Persistence.Tests;

/// <summary>One entry of a <see cref="RecordingLogger"/>.</summary>
public sealed record RecordedLog(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);
