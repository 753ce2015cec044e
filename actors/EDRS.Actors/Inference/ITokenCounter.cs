namespace EDRS.Actors.Inference;

/// <summary>
/// The serving model's own tokenizer, as a port: a session fits its prompt to the model's context window by counting
/// tokens the way the model will, not by guessing from characters.
/// </summary>
public interface ITokenCounter
{
    /// <summary>How many tokens the serving model's tokenizer makes of <paramref name="text"/>.</summary>
    ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken);
}
