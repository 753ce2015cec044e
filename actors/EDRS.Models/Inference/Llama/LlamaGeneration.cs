using System.Threading.Channels;
using EDRS.Actors.Inference;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Inference.Llama;

/// <summary>
/// One request in the in-process engine: its prompt tokens and settings going in, its text pieces coming out
/// (in order, as the tokens are decoded), and how it ended.
/// </summary>
public sealed class LlamaGeneration
{
    private readonly Channel<string> _pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    internal LlamaGeneration(LLamaToken[] prompt, GenerationSettings settings, CancellationToken cancellationToken)
    {
        Prompt = prompt;
        Settings = settings;
        CancellationToken = cancellationToken;
    }

    internal LLamaToken[] Prompt { get; }

    internal GenerationSettings Settings { get; }

    internal CancellationToken CancellationToken { get; }

    public int PromptTokens => Prompt.Length;

    /// <summary>Tokens generated so far.</summary>
    public int GeneratedTokens { get; private set; }

    /// <summary><see cref="ChatFinishReason.Stop"/> (the model ended) or <see cref="ChatFinishReason.Length"/> (token or context limit); null while running.</summary>
    public ChatFinishReason? FinishReason { get; private set; }

    /// <summary>The reply's text pieces; ends when the generation ends, with the failure if it failed or was cancelled.</summary>
    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _pieces.Reader.ReadAllAsync(cancellationToken);

    internal void Emit(string piece, int tokens)
    {
        GeneratedTokens += tokens;
        if (piece.Length > 0)
            _pieces.Writer.TryWrite(piece);
    }

    internal void Finish(ChatFinishReason reason)
    {
        FinishReason = reason;
        _pieces.Writer.TryComplete();
    }

    internal void Fail(Exception exception) => _pieces.Writer.TryComplete(exception);
}
