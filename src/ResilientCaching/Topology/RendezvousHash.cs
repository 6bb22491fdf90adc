namespace ResilientCaching.Topology;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: each key goes to the shard with the highest score for that key.
/// Adding a shard moves only the keys the new shard now wins (about 1/N); removing one moves only its keys.
/// Allocation-free: FNV-1a over the key's characters, mixed per shard with SplitMix64.
/// </summary>
internal sealed class RendezvousHash
{
    private readonly ulong[] _seeds;

    /// <param name="shardIds">Stable identities of the shards (not their positions): the same id keeps the same keys.</param>
    public RendezvousHash(IReadOnlyList<string> shardIds)
    {
        _seeds = shardIds.Select(id => Fnv1a(id)).ToArray();
    }

    public int Count => _seeds.Length;

    public int Pick(string key)
    {
        var keyHash = Fnv1a(key);
        var best = 0;
        var bestScore = 0UL;
        for (var i = 0; i < _seeds.Length; i++)
        {
            var score = SplitMix64(keyHash ^ _seeds[i]);
            if (i == 0 || score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
