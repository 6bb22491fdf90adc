using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ResilientCaching;

/// <summary>
/// The default <see cref="ICacheSerializer"/>, over System.Text.Json. Give it options whose
/// <see cref="JsonSerializerOptions.TypeInfoResolver"/> is a source-generated <c>JsonSerializerContext</c> for trimming
/// and native AOT.
/// </summary>
public sealed class SystemTextJsonCacheSerializer : ICacheSerializer
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonSerializerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SystemTextJsonCacheSerializer"/> class.</summary>
    /// <param name="options">
    /// The serializer options; <see langword="null"/> uses the web defaults. Options without a
    /// <see cref="JsonSerializerOptions.TypeInfoResolver"/> get the reflection-based one where reflection is enabled.
    /// </param>
    public SystemTextJsonCacheSerializer(JsonSerializerOptions? options = null)
    {
        _options = options?.TypeInfoResolver is not null ? options : WithReflectionResolver(options);
        _options.MakeReadOnly();
    }

    /// <inheritdoc/>
    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(destination, new JsonWriterOptions { SkipValidation = true });
            t_writer = writer;
        }
        else
        {
            writer.Reset(destination);
        }

        try
        {
            JsonSerializer.Serialize(writer, value, GetTypeInfo<T>());
            writer.Flush();
        }
        finally
        {
            writer.Reset(NullBufferWriter.Instance);
        }
    }

    /// <inheritdoc/>
    public T Deserialize<T>(ReadOnlySpan<byte> payload) => JsonSerializer.Deserialize(payload, GetTypeInfo<T>())!;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only where reflection-based serialization is enabled; trimmed and AOT apps pass options with a source-generated JsonSerializerContext.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only where reflection-based serialization is enabled; trimmed and AOT apps pass options with a source-generated JsonSerializerContext.")]
    private static JsonSerializerOptions WithReflectionResolver(JsonSerializerOptions? options)
    {
        var copy = options is null ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions(options);
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            copy.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        }

        return copy;
    }

    private JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));

    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count) => throw new InvalidOperationException();

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException();

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException();
    }
}
