using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Grains.Runtime;

/// <summary>
/// One grain kind a member can host: its contract (from the service descriptor), how an activation
/// is created, and how its generated service base is bound to a method table.
/// </summary>
public sealed class GrainKindRegistration
{
    private readonly Func<IServiceProvider, GrainActivation, IJournaledGrain> _create;
    private readonly Action<ServiceBinderBase, IJournaledGrain> _bind;

    private GrainKindRegistration(
        GrainContract contract,
        Func<IServiceProvider, GrainActivation, IJournaledGrain> create,
        Action<ServiceBinderBase, IJournaledGrain> bind,
        bool concurrentStreams)
    {
        Contract = contract;
        ConcurrentStreams = concurrentStreams;
        _create = create;
        _bind = bind;
    }

    public GrainContract Contract { get; }

    public string Kind => Contract.Kind;

    /// <summary>
    /// False (default): a server-streaming call holds the grain like a unary call does; other calls wait until it
    /// ends. True: streams run alongside other calls and streams (for grains without journaled state, such as model
    /// runners); the grain then makes its own handlers safe to run at the same time.
    /// </summary>
    public bool ConcurrentStreams { get; }

    /// <summary>
    /// Registers <typeparamref name="TGrain"/> as the implementation of <paramref name="service"/>;
    /// <paramref name="bindService"/> is the generated <c>XxxGrain.BindService</c>; see <see cref="ConcurrentStreams"/>.
    /// </summary>
    public static GrainKindRegistration For<TServiceBase, TGrain>(
        ServiceDescriptor service, Action<ServiceBinderBase, TServiceBase> bindService, bool concurrentStreams = false)
        where TServiceBase : class
        where TGrain : TServiceBase, IJournaledGrain
    {
        var factory = ActivatorUtilities.CreateFactory<TGrain>([typeof(GrainActivation)]);
        return new GrainKindRegistration(
            GrainContract.Of(service),
            (services, activation) => factory(services, [activation]),
            (binder, grain) => bindService(binder, (TServiceBase)grain),
            concurrentStreams);
    }

    internal IJournaledGrain Create(IServiceProvider services, GrainActivation activation) => _create(services, activation);

    internal GrainMethodTable Bind(IJournaledGrain grain)
    {
        var table = new GrainMethodTable(Contract);
        _bind(table, grain);
        return table;
    }
}
