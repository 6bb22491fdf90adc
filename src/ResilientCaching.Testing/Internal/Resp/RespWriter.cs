using System.Buffers;
using System.Globalization;
using System.Text;

namespace ResilientCaching.Testing.Internal.Resp;

/// <summary>Encodes a command as a RESP2 array of bulk strings.</summary>
internal static class RespWriter
{
    public static byte[] Encode(IReadOnlyList<ReadOnlyMemory<byte>> args)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        WriteHeader(buffer, '*', args.Count);
        foreach (var arg in args)
        {
            WriteHeader(buffer, '$', arg.Length);
            buffer.Write(arg.Span);
            buffer.Write("\r\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static IReadOnlyList<ReadOnlyMemory<byte>> FromStrings(IReadOnlyList<string> args)
    {
        var result = new ReadOnlyMemory<byte>[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(args[i], nameof(args));
            result[i] = Encoding.UTF8.GetBytes(args[i]);
        }

        return result;
    }

    public static IReadOnlyList<ReadOnlyMemory<byte>> FromBytes(IReadOnlyList<byte[]> args)
    {
        var result = new ReadOnlyMemory<byte>[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(args[i], nameof(args));
            result[i] = args[i];
        }

        return result;
    }

    private static void WriteHeader(ArrayBufferWriter<byte> buffer, char prefix, int length)
    {
        var text = prefix + length.ToString(CultureInfo.InvariantCulture) + "\r\n";
        buffer.Write(Encoding.ASCII.GetBytes(text));
    }
}
