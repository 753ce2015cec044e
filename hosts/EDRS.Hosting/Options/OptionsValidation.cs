using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Options;

/// <summary>
/// Binds an options class to its configuration section and validates it when the host starts. Idempotent: features that
/// share an options class may each ask for it.
/// </summary>
public static class OptionsValidation
{
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<T>) && d.ImplementationInstance is DelegateValidator<T>))
            return services.AddOptions<T>();
        services.AddSingleton<IValidateOptions<T>>(new DelegateValidator<T>(validate));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class DelegateValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = validate(options);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
