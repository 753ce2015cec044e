using System.Runtime.InteropServices;

namespace EDRS.Vectors.InMember;

/// <summary>Owns a native USearch index; freed once, after the last call that uses it has returned.</summary>
internal sealed class UsearchHandle : SafeHandle
{
    public UsearchHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    internal void Adopt(nint index) => SetHandle(index);

    protected override bool ReleaseHandle()
    {
        UsearchNative.Free(handle, out _);
        return true;
    }
}
