using System.Text;

namespace EDRS.Testing.Models;

/// <summary>
/// Writes a tiny, deterministic llama-architecture model in GGUF (v3) so tests and benchmarks run the real
/// llama.cpp inference path (through LLamaSharp) without downloading anything: no NuGet package ships GGUF model
/// weights. Hand-written because no .NET package writes GGUF; the format is the documented one
/// (header, key/value metadata, tensor infos, aligned tensor data, little-endian).
/// <para>
/// The model: 2 transformer blocks, width 64, 4 heads, feed-forward 128, F32 weights from a fixed-seed
/// generator (≈0.5 MB). The vocabulary is byte-level SentencePiece: <c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c>,
/// <c>&lt;/s&gt;</c>, then one byte token <c>&lt;0xNN&gt;</c> per byte value, so every text tokenizes (one token per
/// UTF-8 byte, plus the SentencePiece space prefix). The output head only has weights for printable ASCII bytes,
/// so greedy decoding emits printable text and never the end-of-sequence token: a generation always runs to its
/// token limit, which makes token counts and throughput comparable from run to run.
/// </para>
/// </summary>
public static class TinyGgufModel
{
    public const int EmbeddingLength = 64;
    public const int BlockCount = 2;
    public const int HeadCount = 4;
    public const int FeedForwardLength = 128;
    public const int ContextLength = 2048;

    /// <summary>Special tokens (0..2) then the 256 byte tokens.</summary>
    public const int VocabularySize = 3 + 256;

    private const uint Alignment = 32;

    /// <summary>Writes the model to <paramref name="path"/> (overwriting it) and returns the path.</summary>
    public static string WriteTo(string path, ulong seed = 0x5EED_ED25)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        using var stream = File.Create(path);
        Write(stream, seed);
        return path;
    }

    /// <summary>Writes the model to a fresh file in the temporary folder and returns its path.</summary>
    public static string WriteToTempFile(ulong seed = 0x5EED_ED25) =>
        WriteTo(Path.Combine(Path.GetTempPath(), $"edrs-tiny-{seed:x}-{Guid.NewGuid():N}.gguf"), seed);

    public static void Write(Stream output, ulong seed = 0x5EED_ED25)
    {
        var random = new SplitMix64(seed);
        var tensors = Tensors(random);

        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        var metadata = Metadata();
        writer.Write((ulong)metadata.Count);
        foreach (var (key, write) in metadata)
        {
            WriteString(writer, key);
            write(writer);
        }

        ulong offset = 0;
        foreach (var tensor in tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Shape.Length);
            foreach (var dimension in tensor.Shape)
                writer.Write((ulong)dimension);
            writer.Write(0u); // GGML_TYPE_F32
            writer.Write(offset);
            offset = Align((ulong)tensor.Data.Length * sizeof(float) + offset);
        }

        Pad(writer);
        foreach (var tensor in tensors)
        {
            foreach (var value in tensor.Data)
                writer.Write(value);
            Pad(writer);
        }
    }

    private static List<(string Key, Action<BinaryWriter> Write)> Metadata()
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<int> { 2, 3, 3 }; // UNKNOWN, CONTROL, CONTROL
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(6); // BYTE
        }

        return
        [
            ("general.architecture", w => StringValue(w, "llama")),
            ("general.name", w => StringValue(w, "edrs-tiny")),
            ("general.alignment", w => UInt32Value(w, Alignment)),
            ("llama.context_length", w => UInt32Value(w, ContextLength)),
            ("llama.embedding_length", w => UInt32Value(w, EmbeddingLength)),
            ("llama.block_count", w => UInt32Value(w, BlockCount)),
            ("llama.feed_forward_length", w => UInt32Value(w, FeedForwardLength)),
            ("llama.attention.head_count", w => UInt32Value(w, HeadCount)),
            ("llama.attention.head_count_kv", w => UInt32Value(w, HeadCount)),
            ("llama.attention.layer_norm_rms_epsilon", w => Float32Value(w, 1e-5f)),
            ("llama.rope.dimension_count", w => UInt32Value(w, EmbeddingLength / HeadCount)),
            ("llama.rope.freq_base", w => Float32Value(w, 10000f)),
            ("tokenizer.ggml.model", w => StringValue(w, "llama")),
            ("tokenizer.ggml.tokens", w => StringArray(w, tokens)),
            ("tokenizer.ggml.scores", w => Float32Array(w, [.. tokens.Select(_ => 0f)])),
            ("tokenizer.ggml.token_type", w => Int32Array(w, types)),
            ("tokenizer.ggml.unknown_token_id", w => UInt32Value(w, 0)),
            ("tokenizer.ggml.bos_token_id", w => UInt32Value(w, 1)),
            ("tokenizer.ggml.eos_token_id", w => UInt32Value(w, 2)),
            ("tokenizer.ggml.add_bos_token", w => BoolValue(w, true)),
            ("tokenizer.ggml.add_eos_token", w => BoolValue(w, false)),
        ];
    }

    private static List<Tensor> Tensors(SplitMix64 random)
    {
        const int n = EmbeddingLength;
        const int ff = FeedForwardLength;
        const int vocabulary = VocabularySize;
        var tensors = new List<Tensor>
        {
            new("token_embd.weight", [n, vocabulary], Uniform(random, n * vocabulary, 1.0f)),
            new("output_norm.weight", [n], Ones(n)),
            new("output.weight", [n, vocabulary], OutputHead(random)),
        };
        for (var block = 0; block < BlockCount; block++)
        {
            var scale = 1f / MathF.Sqrt(n);
            tensors.Add(new($"blk.{block}.attn_norm.weight", [n], Ones(n)));
            tensors.Add(new($"blk.{block}.attn_q.weight", [n, n], Uniform(random, n * n, scale)));
            tensors.Add(new($"blk.{block}.attn_k.weight", [n, n], Uniform(random, n * n, scale)));
            tensors.Add(new($"blk.{block}.attn_v.weight", [n, n], Uniform(random, n * n, scale)));
            tensors.Add(new($"blk.{block}.attn_output.weight", [n, n], Uniform(random, n * n, scale)));
            tensors.Add(new($"blk.{block}.ffn_norm.weight", [n], Ones(n)));
            tensors.Add(new($"blk.{block}.ffn_gate.weight", [n, ff], Uniform(random, n * ff, scale)));
            tensors.Add(new($"blk.{block}.ffn_up.weight", [n, ff], Uniform(random, n * ff, scale)));
            tensors.Add(new($"blk.{block}.ffn_down.weight", [ff, n], Uniform(random, ff * n, 1f / MathF.Sqrt(ff))));
        }
        return tensors;
    }

    /// <summary>Rows (one per token, <see cref="EmbeddingLength"/> wide) only for printable ASCII bytes; the rest stay zero.</summary>
    private static float[] OutputHead(SplitMix64 random)
    {
        var head = new float[EmbeddingLength * VocabularySize];
        for (var token = 0; token < VocabularySize; token++)
        {
            var isPrintable = token >= 3 && token - 3 is >= 0x20 and < 0x7F;
            for (var i = 0; i < EmbeddingLength; i++)
            {
                var value = random.NextSigned();
                if (isPrintable)
                    head[token * EmbeddingLength + i] = value;
            }
        }
        return head;
    }

    private static float[] Uniform(SplitMix64 random, int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = random.NextSigned() * scale;
        return values;
    }

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    private static ulong Align(ulong offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        writer.Flush();
        var position = (ulong)writer.BaseStream.Position;
        for (var i = position; i < Align(position); i++)
            writer.Write((byte)0);
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void StringValue(BinaryWriter w, string value)
    {
        w.Write(8u);
        WriteString(w, value);
    }

    private static void UInt32Value(BinaryWriter w, uint value)
    {
        w.Write(4u);
        w.Write(value);
    }

    private static void Float32Value(BinaryWriter w, float value)
    {
        w.Write(6u);
        w.Write(value);
    }

    private static void BoolValue(BinaryWriter w, bool value)
    {
        w.Write(7u);
        w.Write(value ? (byte)1 : (byte)0);
    }

    private static void StringArray(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(9u);
        w.Write(8u);
        w.Write((ulong)values.Count);
        foreach (var value in values)
            WriteString(w, value);
    }

    private static void Float32Array(BinaryWriter w, IReadOnlyList<float> values)
    {
        w.Write(9u);
        w.Write(6u);
        w.Write((ulong)values.Count);
        foreach (var value in values)
            w.Write(value);
    }

    private static void Int32Array(BinaryWriter w, IReadOnlyList<int> values)
    {
        w.Write(9u);
        w.Write(5u);
        w.Write((ulong)values.Count);
        foreach (var value in values)
            w.Write(value);
    }

    private sealed record Tensor(string Name, int[] Shape, float[] Data);
}
