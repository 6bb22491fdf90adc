using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ResilientCaching.Testing.Internal.Processes;

/// <summary>
/// Chooses loopback ports for Redis processes. Ports come from a band below the Linux ephemeral range
/// (32768+) so outgoing client connections never occupy a port a node must re-bind after a restart, and
/// the cluster bus port (+10000) stays in the same safe band. A port is only handed out when both it and
/// its bus port can be bound right now; a race with another process is handled by the caller retrying.
/// </summary>
internal static class PortAllocator
{
    private const int LowestPort = 12000;
    private const int HighestPort = 22000;
    private const int ClusterBusOffset = 10000;
    private const int MaxProbes = 500;

    private static readonly ConcurrentDictionary<int, byte> Reserved = new();

    public static int Reserve()
    {
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            var port = Random.Shared.Next(LowestPort, HighestPort);
            if (!Reserved.TryAdd(port, 0))
            {
                continue;
            }

            if (CanBind(port) && CanBind(port + ClusterBusOffset))
            {
                return port;
            }

            Reserved.TryRemove(port, out _);
        }

        throw new RedisHarnessException(
            $"No free loopback port pair (port and port+{ClusterBusOffset}) found in {LowestPort}-{HighestPort} after {MaxProbes} probes.");
    }

    public static void Release(int port) => Reserved.TryRemove(port, out _);

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(1);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
