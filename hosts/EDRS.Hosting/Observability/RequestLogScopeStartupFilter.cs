using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace EDRS.Hosting.Observability;

/// <summary>Puts <see cref="RequestLogScopeMiddleware"/> in front of whatever pipeline the host builds.</summary>
internal sealed class RequestLogScopeStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestLogScopeMiddleware>();
        next(app);
    };
}
