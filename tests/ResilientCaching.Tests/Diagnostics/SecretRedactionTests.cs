using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using ResilientCaching.Testing;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Diagnostics;

/// <summary>A password in the connection string never appears in a log line or an exception message.</summary>
public sealed class SecretRedactionTests
{
    private const string Password = "S3cret-Passw0rd-Never-Logged";

    [Fact]
    public async Task Password_is_in_no_log_line_through_connect_failure_auth_failure_and_use()
    {
        var node = await RedisHarness.StartStandaloneAsync();
        await using (node)
        {
            // A live server with a different password (auth fails) and a dead port (connect fails).
            await node.ExecuteAsync("CONFIG", "SET", "requirepass", "the-real-one");
            await using var wrongPassword = TestCache.Create($"{node.ConnectionString},password={Password}");
            await using var deadPort = TestCache.Create($"127.0.0.1:1,password={Password}");
            for (var i = 0; i < 5; i++)
            {
                await wrongPassword.Cache.GetOrSetAsync("k" + i, _ => new ValueTask<int>(1));
                await deadPort.Cache.GetOrSetAsync("k" + i, _ => new ValueTask<int>(1));
                await Task.Delay(300);
            }

            var lines = wrongPassword.Logs.GetSnapshot().Concat(deadPort.Logs.GetSnapshot()).ToList();
            Assert.NotEmpty(lines);
            Assert.Contains(lines, r => r.Id.Name == "RedisConnecting");
            Assert.All(lines, r =>
            {
                Assert.DoesNotContain(Password, r.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(Password, r.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
            });
        }
    }

    [Fact]
    public void Validation_errors_do_not_echo_the_configuration_string()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddFakeLogging());
        services.AddResilientRedisCache(o => o.Configuration = $"password={Password},unknownSetting=1");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ResilientCacheOptions>>().Value);
        Assert.DoesNotContain(Password, ex.Message, StringComparison.Ordinal);
        Assert.Contains("ResilientCacheOptions.Configuration", ex.Message, StringComparison.Ordinal);
    }
}
