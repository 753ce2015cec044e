using System.Buffers.Binary;
using System.Numerics;

namespace EDRS.Pulsar.Protocol;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of Pulsar frames. <see cref="BitOperations.Crc32C(uint, ulong)"/> is only the
/// raw polynomial step (hardware-accelerated where the CPU has it); the standard CRC starts from 0xFFFFFFFF and
/// inverts the result, which this class adds. <c>System.IO.Hashing.Crc32</c> is a different polynomial (zlib's).
/// </summary>
public static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>, e.g. 0xE3069283 for the ASCII bytes "123456789".</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(uint.MaxValue, data);

    /// <summary>Feeds <paramref name="data"/> into a running (not yet inverted) CRC state.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            // The instruction consumes the 8 bytes in little-endian order, i.e. in memory order on any host.
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
            state = BitOperations.Crc32C(state, b);
        return state;
    }
}
