using System.Text;
using EDRS.Actors.Inference;
using LLama;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Inference.Llama;

/// <summary>
/// Turns chat messages into the prompt text the model was trained on: the GGUF's own chat template when it has one
/// (llama.cpp applies it), otherwise a plain <c>role: text</c> transcript ending with <c>assistant:</c>.
/// </summary>
internal static class ChatPrompt
{
    public static string Format(LlamaModel model, IEnumerable<ChatMessage> messages)
    {
        if (model.HasChatTemplate)
        {
            var template = new LLamaTemplate(model.Weights) { AddAssistant = true };
            foreach (var message in messages)
                template.Add(message.Role.Value, message.Text);
            return Encoding.UTF8.GetString(template.Apply());
        }

        var transcript = new StringBuilder();
        foreach (var message in messages)
            transcript.Append(message.Role.Value).Append(": ").Append(message.Text).Append('\n');
        return transcript.Append(ChatRole.Assistant.Value).Append(':').ToString();
    }
}
