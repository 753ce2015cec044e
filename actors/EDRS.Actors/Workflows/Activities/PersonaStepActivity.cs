using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Actors.Inference;
using EDRS.Actors.Sessions;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Actors.Tools.Calling;
using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Workflows.Activities;

/// <summary>
/// A <c>persona</c> step's attempt: the persona is asked the step's prompt (its placeholders filled from the workflow's
/// input and earlier outputs) without a session, with the prompt a session turn would have (<see cref="PromptSources"/> and
/// <see cref="PromptAssembler"/>: profile, working memory, recalled memories, knowledge), and the model's answer is the
/// step's output: <c>{"text": …}</c>, or with a schema the answer parsed as JSON and checked against it. An answer that is
/// not valid is a failed attempt the step's retry policy tries again; no model configured fails the step at once. The model
/// may call the tools the persona's profile names (narrowed by the step's <c>tools</c>), each call recorded in the calls
/// given with the Idempotency-Key <c>{keyPrefix}/{callId}</c>.
/// </summary>
public sealed class PersonaStepActivity(
    PromptSources sources, SessionsOptions options, IChatClient? chat, ITokenCounter? tokens, IModelAvailability? models, PersonaToolbox? toolbox = null)
{
    private readonly IChatClient? _calling = chat is null || toolbox is null ? null : PersonaToolbox.Calling(chat);

    /// <summary>Why a persona step cannot run where no chat model is configured.</summary>
    public const string NoModelMessage = "no generative model configured: a persona step needs a chat model. " + InferenceOptions.NotConfiguredMessage;

    public async Task<ToolCallResult> AskAsync(
        string tenant, string streamKey, StepDefinition step, JsonNode context, string keyPrefix, ModelToolCalls calls, CancellationToken cancellationToken)
    {
        if (chat is null || tokens is null || models?.IsConfigured == false)
            return ToolCallResult.Permanent(NoModelMessage);
        var question = JsonPaths.Render(step.Prompt ?? "", context);
        ChatResponse response;
        try
        {
            var gathered = await sources.GatherAsync(tenant, streamKey, step.Persona!, "", [], question, cancellationToken).ConfigureAwait(false);
            var prompt = await PromptAssembler.AssembleAsync(gathered, options.PromptTokenBudget, tokens, cancellationToken).ConfigureAwait(false);
            var chatOptions = new ChatOptions { MaxOutputTokens = options.MaxReplyTokens, Temperature = 0f };
            if (step.Schema is { } schema)
                chatOptions.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer", "The answer, as JSON matching this schema.");
            var asked = chat;
            var callable = step.Tools is { } narrowed ? [.. gathered.Persona.CallableTools.Intersect(narrowed, StringComparer.Ordinal)] : gathered.Persona.CallableTools;
            // No key prefix: the caller cannot journal calls (a planner, a map item, a compensation), so none are offered.
            if (toolbox is not null && _calling is not null && keyPrefix.Length > 0 && callable.Count > 0)
            {
                var offered = await toolbox.OfferAsync(tenant, callable, keyPrefix, $"workflow step {step.Id}", calls, cancellationToken).ConfigureAwait(false);
                if (offered.Count > 0)
                {
                    chatOptions.Tools = [.. offered];
                    asked = _calling;
                }
            }
            response = await asked.GetResponseAsync(prompt.Messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (GrainException ex) when (ex.Code == StatusCode.NotFound)
        {
            return ToolCallResult.Permanent($"persona {step.Persona} could not be asked: {ex.Message}");
        }
        catch (GrainException ex) when (ex.Code == StatusCode.InvalidArgument)
        {
            return ToolCallResult.Permanent($"persona {step.Persona} could not be asked: {ex.Message}");
        }
        catch (Exception ex) when (ex is GrainException or RpcException or HttpRequestException or IOException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ToolCallResult.Transient($"persona {step.Persona} did not answer: {ex.Message}");
        }
        return step.Schema is { } expected ? Structured(response.Text, expected) : ToolCallResult.Success(new { text = response.Text });
    }

    /// <summary>The answer as JSON valid under <paramref name="schema"/>, or a failed attempt saying what is wrong with it.</summary>
    private static ToolCallResult Structured(string answer, JsonElement schema)
    {
        JsonElement parsed;
        try
        {
            using var document = JsonDocument.Parse(WithoutFence(answer));
            parsed = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return ToolCallResult.Transient($"the answer is not JSON: {ex.Message}", JsonSerializer.Serialize(new { text = answer }));
        }
        var problems = JsonSchemas.Problems(JsonSchemas.Parse("schema", schema.GetRawText()), parsed);
        return problems.Count == 0
            ? ToolCallResult.Success(parsed.GetRawText())
            : ToolCallResult.Transient($"the answer does not match the step's schema: {string.Join("; ", problems.Take(5))}", JsonSerializer.Serialize(new { text = answer }));
    }

    /// <summary>Models often wrap JSON in a Markdown code fence; the fence is not part of the answer.</summary>
    private static string WithoutFence(string answer)
    {
        var text = answer.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
            return text;
        var firstLine = text.IndexOf('\n');
        var close = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && close > firstLine ? text[(firstLine + 1)..close].Trim() : text;
    }
}
