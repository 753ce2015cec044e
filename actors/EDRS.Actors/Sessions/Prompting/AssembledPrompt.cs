using Microsoft.Extensions.AI;

namespace EDRS.Actors.Sessions.Prompting;

/// <summary>
/// The messages sent to the model and what they hold. <see cref="Tokens"/> is the model tokenizer's count of every
/// message plus <see cref="PromptAssembler.MessageOverheadTokens"/> per message for the chat template.
/// </summary>
public sealed record AssembledPrompt(
    IReadOnlyList<ChatMessage> Messages,
    int Tokens,
    int FactsIncluded,
    int MemoryItemsIncluded,
    int TurnsIncluded,
    int TurnsLeftOut,
    int KnowledgeIncluded = 0,
    int RecalledIncluded = 0);
