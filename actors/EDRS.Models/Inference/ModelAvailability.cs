using EDRS.Actors.Inference;
using Microsoft.Extensions.Options;

namespace EDRS.Models.Inference;

/// <summary>Model availability read from the validated <see cref="InferenceOptions"/>.</summary>
public sealed class ModelAvailability(IOptions<InferenceOptions> options) : IModelAvailability
{
    public bool IsConfigured => options.Value.IsConfigured;

    public string Message => IsConfigured ? "" : InferenceOptions.NotConfiguredMessage;
}
