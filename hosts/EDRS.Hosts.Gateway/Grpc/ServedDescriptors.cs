using Google.Protobuf;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// What server reflection describes: the files of the served services (and the files they import), rebuilt with every
/// service the gateway does not serve and every rpc it does not serve left out — so reflection lists no grain-internal
/// rpc (<c>(edrs.internal)</c>) and no internal service, not even inside an imported file. Messages stay as they are.
/// </summary>
internal static class ServedDescriptors
{
    /// <param name="services">The services the gateway serves.</param>
    /// <param name="serves">Whether the gateway serves an rpc of one of them.</param>
    /// <returns>The same services, from the rebuilt files.</returns>
    public static ServiceDescriptor[] Of(IReadOnlyList<ServiceDescriptor> services, Func<MethodDescriptor, bool> serves)
    {
        var served = services.ToDictionary(s => s.FullName, StringComparer.Ordinal);
        var files = new List<FileDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
            Visit(service.File, files, seen);

        var rebuilt = FileDescriptor.BuildFromByteStrings(files.Select(file => Strip(file, served, serves).ToByteString()))
            .ToDictionary(f => f.Name, StringComparer.Ordinal);
        return [.. services.Select(s => rebuilt[s.File.Name].FindTypeByName<ServiceDescriptor>(s.Name))];
    }

    /// <summary>Dependencies before the files that import them, as building from bytes requires.</summary>
    private static void Visit(FileDescriptor file, List<FileDescriptor> files, HashSet<string> seen)
    {
        if (!seen.Add(file.Name))
            return;
        foreach (var dependency in file.Dependencies)
            Visit(dependency, files, seen);
        files.Add(file);
    }

    private static FileDescriptorProto Strip(FileDescriptor file, Dictionary<string, ServiceDescriptor> served, Func<MethodDescriptor, bool> serves)
    {
        var proto = file.ToProto();
        for (var i = proto.Service.Count - 1; i >= 0; i--)
        {
            var name = proto.Service[i].Name;
            if (!served.TryGetValue(string.IsNullOrEmpty(proto.Package) ? name : $"{proto.Package}.{name}", out var service))
            {
                proto.Service.RemoveAt(i);
                continue;
            }
            var methods = proto.Service[i].Method;
            for (var j = methods.Count - 1; j >= 0; j--)
            {
                if (!serves(service.FindMethodByName(methods[j].Name)))
                    methods.RemoveAt(j);
            }
        }
        return proto;
    }
}
