using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Actors.Runtime;

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
        Action<ServiceBinderBase, IJournaledGrain> bind)
    {
        Contract = contract;
        _create = create;
        _bind = bind;
    }

    public GrainContract Contract { get; }

    public string Kind => Contract.Kind;

    /// <summary>
    /// Registers <typeparamref name="TGrain"/> as the implementation of <paramref name="service"/>;
    /// <paramref name="bindService"/> is the generated <c>XxxGrain.BindService</c>.
    /// </summary>
    public static GrainKindRegistration For<TServiceBase, TGrain>(ServiceDescriptor service, Action<ServiceBinderBase, TServiceBase> bindService)
        where TServiceBase : class
        where TGrain : TServiceBase, IJournaledGrain
    {
        var factory = ActivatorUtilities.CreateFactory<TGrain>([typeof(GrainActivation)]);
        return new GrainKindRegistration(
            GrainContract.Of(service),
            (services, activation) => factory(services, [activation]),
            (binder, grain) => bindService(binder, (TServiceBase)grain));
    }

    internal IJournaledGrain Create(IServiceProvider services, GrainActivation activation) => _create(services, activation);

    internal GrainMethodTable Bind(IJournaledGrain grain)
    {
        var table = new GrainMethodTable(Contract);
        _bind(table, grain);
        return table;
    }
}
