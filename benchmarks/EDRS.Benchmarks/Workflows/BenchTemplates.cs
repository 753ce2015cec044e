using System.Text.Json;

namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// The tool and the templates the workflow runs register: one HTTP tool (<see cref="Tool"/>) that POSTs to the local
/// recording server, so every tool step's effect and its Idempotency-Key are seen outside the cluster.
/// </summary>
internal static class BenchTemplates
{
    public const string Tool = "record";

    /// <summary>tool → tool → tool → tool → tool: the executor's own latency (no timer in the way).</summary>
    public const string FiveTools = "five-tools";

    /// <summary>tool → tool → wait → tool → tool: throughput with a durable timer per run.</summary>
    public const string WithTimer = "tools-and-timer";

    /// <summary>tool → tool → wait → signal → tool: the fault runs' workflow (the signal is sent by the harness).</summary>
    public const string WithSignal = "tools-timer-signal";

    /// <summary>The signal <see cref="WithSignal"/>'s fourth step waits for.</summary>
    public const string Signal = "go";

    /// <summary>The steps of <see cref="WithTimer"/> and <see cref="WithSignal"/>, in order; the timer is <c>pause</c>.</summary>
    public const string TimerStep = "pause";

    /// <summary>The tool's registration body: POST {baseUrl}/effects/{step}, the workflow's number in the body.</summary>
    public static string ToolBody(string baseUrl) => JsonSerializer.Serialize(new
    {
        name = Tool,
        description = "Records the call on the benchmark's local HTTP server.",
        method = "POST",
        urlTemplate = baseUrl + "/effects/{step}",
        timeoutSeconds = 10,
    });

    /// <summary>The registration body of the template <paramref name="name"/> (each step depends on the one before).</summary>
    public static string TemplateBody(string name, double waitSeconds) => JsonSerializer.Serialize(new
    {
        name,
        definition = new
        {
            steps = name switch
            {
                FiveTools => new object[] { ToolStep("a", null), ToolStep("b", "a"), ToolStep("c", "b"), ToolStep("d", "c"), ToolStep("e", "d") },
                WithTimer => [ToolStep("a", null), ToolStep("b", "a"), WaitStep("b", waitSeconds), ToolStep("c", TimerStep), ToolStep("d", "c")],
                WithSignal => [ToolStep("a", null), ToolStep("b", "a"), WaitStep("b", waitSeconds), SignalStep(TimerStep), ToolStep("c", "ready")],
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a benchmark template"),
            },
        },
    });

    /// <summary>The last step of a template: the run is over once it succeeded.</summary>
    public static string LastStep(string name) => name == FiveTools ? "e" : name == WithTimer ? "d" : "c";

    /// <summary>Steps of every template.</summary>
    public const int Steps = 5;

    /// <summary>Tool steps of every template.</summary>
    public static int ToolSteps(string name) => name == FiveTools ? 5 : name == WithTimer ? 4 : 3;

    private static object ToolStep(string id, string? after) => new
    {
        id,
        kind = "tool",
        tool = Tool,
        dependsOn = after is null ? Array.Empty<string>() : [after],
        input = new { step = id, n = "$.input.n" },
        // More than the default 3 attempts: a member's failover (the tenant's tool registry may live on the killed member)
        // can take longer than three 5 s grain-call deadlines; the fault runs prove durability, not the default's budget.
        retry = new { maxAttempts = 8, initialDelayMs = 500, maxDelayMs = 5_000 },
    };

    private static object WaitStep(string after, double seconds) => new
    {
        id = TimerStep,
        kind = "wait",
        seconds,
        dependsOn = new[] { after },
    };

    private static object SignalStep(string after) => new { id = "ready", kind = "signal", signal = Signal, dependsOn = new[] { after } };
}
