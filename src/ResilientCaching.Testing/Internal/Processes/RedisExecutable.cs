namespace ResilientCaching.Testing.Internal.Processes;

/// <summary>Finds the <c>redis-server</c> executable (also used in sentinel mode via <c>--sentinel</c>).</summary>
internal static class RedisExecutable
{
    private const string ServerName = "redis-server";
    private static readonly string[] WellKnownDirectories = ["/usr/bin", "/usr/local/bin"];

    public static string Locate(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new RedisNotInstalledException(
                    $"redis-server was not found at '{explicitPath}' (RedisNodeOptions.RedisServerPath); {RedisNotInstalledException.InstallHint}");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(WellKnownDirectories);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, ServerName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new RedisNotInstalledException();
    }
}
