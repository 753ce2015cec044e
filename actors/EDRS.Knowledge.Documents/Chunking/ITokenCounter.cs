namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>
/// Counts text in the tokens of the embedding model the chunks are for, so that chunk sizes mean what the model sees.
/// The product supplies it from its model runner (e.g. the WordPiece tokenizer of a BERT model).
/// </summary>
public interface ITokenCounter
{
    /// <summary>
    /// The number of tokens <paramref name="text"/> becomes, without the model's special tokens (<c>[CLS]</c>,
    /// <c>[SEP]</c>, …) and without truncation. The chunker counts pieces of a chunk separately and adds the counts up,
    /// then checks each finished chunk with one count of its whole text; a tokenizer for which whitespace-separated
    /// pieces add up (WordPiece, most BPE tokenizers) needs that check only rarely.
    /// </summary>
    int CountTokens(ReadOnlySpan<char> text);
}
