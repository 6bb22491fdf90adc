using System.Net;
using System.Net.Http.Headers;
using ResilientCaching.Testing;

namespace ResilientCaching.AspNetCore.Tests.OutputCaching;

/// <summary>Endpoint caching by attribute and convention, through ASP.NET Core output caching over the resilient cache and a real Redis.</summary>
public sealed class EndpointCachingTests : IAsyncLifetime
{
    private RedisServerNode _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisHarness.StartStandaloneAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData("/minimal", "minimal")]
    [InlineData("/mvc", "mvc")]
    [InlineData("/group/a", "group")]
    [InlineData("/stock", "stock")]
    [InlineData("/profiled", "profiled")]
    public async Task Second_request_is_served_from_the_cache(string path, string handler)
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);

        var first = await app.Client.GetStringAsync(new Uri(path, UriKind.Relative));
        var second = await app.Client.GetStringAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(first, second);
        Assert.Equal(1, app.Counter.Of(handler));
    }

    [Fact]
    public async Task Vary_by_query_caches_each_page_separately()
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);

        var page1 = await app.Client.GetStringAsync(new Uri("/minimal?page=1", UriKind.Relative));
        var page2 = await app.Client.GetStringAsync(new Uri("/minimal?page=2", UriKind.Relative));
        var page1Again = await app.Client.GetStringAsync(new Uri("/minimal?page=1", UriKind.Relative));

        Assert.NotEqual(page1, page2);
        Assert.Equal(page1, page1Again);
        Assert.Equal(2, app.Counter.Of("minimal"));
    }

    [Fact]
    public async Task A_second_instance_serves_the_first_ones_response_and_tag_eviction_clears_both()
    {
        await using var a = await EndpointApp.StartAsync(_redis.ConnectionString);
        await using var b = await EndpointApp.StartAsync(_redis.ConnectionString);

        var fromA = await a.Client.GetStringAsync(new Uri("/mvc", UriKind.Relative));
        var fromB = await b.Client.GetStringAsync(new Uri("/mvc", UriKind.Relative));
        Assert.Equal(fromA, fromB);
        Assert.Equal(0, b.Counter.Of("mvc"));

        var evicted = await a.Client.PostAsync(new Uri("/evict/posts", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, evicted.StatusCode);
        await Task.Delay(300);

        // B no longer has a valid copy and runs its handler; A then serves B's fresh response from Redis.
        var freshFromB = await b.Client.GetStringAsync(new Uri("/mvc", UriKind.Relative));
        var freshFromA = await a.Client.GetStringAsync(new Uri("/mvc", UriKind.Relative));
        Assert.Equal(1, b.Counter.Of("mvc"));
        Assert.Equal(1, a.Counter.Of("mvc"));
        Assert.Equal(freshFromB, freshFromA);
    }

    [Fact]
    public async Task Authenticated_requests_and_cookie_setting_responses_are_not_cached_by_default()
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);
        using var authenticated = new HttpRequestMessage(HttpMethod.Get, "/minimal") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "alice") } };
        using var authenticatedAgain = new HttpRequestMessage(HttpMethod.Get, "/minimal") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "alice") } };

        await app.Client.SendAsync(authenticated);
        await app.Client.SendAsync(authenticatedAgain);
        await app.Client.GetStringAsync(new Uri("/cookie", UriKind.Relative));
        await app.Client.GetStringAsync(new Uri("/cookie", UriKind.Relative));
        await app.Client.GetStringAsync(new Uri("/nostore", UriKind.Relative));
        await app.Client.GetStringAsync(new Uri("/nostore", UriKind.Relative));

        Assert.Equal(2, app.Counter.Of("minimal"));
        Assert.Equal(2, app.Counter.Of("cookie"));
        Assert.Equal(2, app.Counter.Of("nostore"));
    }

    [Fact]
    public async Task Opting_in_caches_authenticated_responses_per_user()
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);

        async Task<string> AsUser(string user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/personal") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", user) } };
            return await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync();
        }

        var alice = await AsUser("alice");
        var bob = await AsUser("bob");

        Assert.Equal(alice, await AsUser("alice"));
        Assert.Contains("alice", alice, StringComparison.Ordinal);
        Assert.Contains("bob", bob, StringComparison.Ordinal);
        Assert.Equal(2, app.Counter.Of("personal"));

        // The credentials vary the cached copy but never appear in a Redis key.
        var keys = (await _redis.ExecuteAsync("KEYS", "*")).Elements.Select(e => e.AsString() ?? string.Empty).ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => k.Contains("alice", StringComparison.Ordinal) || k.Contains("Bearer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_Redis_killed_cached_endpoints_still_answer_200_and_others_still_run()
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);
        var cached = await app.Client.GetStringAsync(new Uri("/mvc", UriKind.Relative));
        var stock = await app.Client.GetStringAsync(new Uri("/stock", UriKind.Relative));

        await _redis.KillAsync();

        for (var i = 0; i < 5; i++)
        {
            var mvc = await app.Client.GetAsync(new Uri("/mvc", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, mvc.StatusCode);
            Assert.Equal(cached, await mvc.Content.ReadAsStringAsync());
            var stockResponse = await app.Client.GetAsync(new Uri("/stock", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, stockResponse.StatusCode);
            Assert.Equal(stock, await stockResponse.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(new Uri("/uncached", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(new Uri($"/minimal?page={i}", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostAsync(new Uri("/evict/other", UriKind.Relative), null)).StatusCode);
        }

        Assert.Equal(5, app.Counter.Of("uncached"));
        Assert.Equal(1, app.Counter.Of("mvc"));
    }

    [Theory]
    [InlineData("/flaky")]
    [InlineData("/flaky500")]
    public async Task A_failing_endpoint_serves_its_last_good_response_marked_stale(string path)
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);
        var good = await app.Client.GetStringAsync(new Uri(path, UriKind.Relative));
        await Task.Delay(1200); // past the output-cache duration: the endpoint runs again
        app.Counter.Failing = true;

        var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(good, await response.Content.ReadAsStringAsync());
        Assert.Equal("1", response.Headers.GetValues("X-Cache-Stale").Single());

        // The stale answer is not stored by output caching: once the endpoint recovers, fresh data is served.
        app.Counter.Failing = false;
        var recovered = await app.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.False(recovered.Headers.Contains("X-Cache-Stale"));
        Assert.NotEqual(good, await recovered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_failing_endpoint_with_no_good_response_yet_still_fails()
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);
        app.Counter.Failing = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client.GetAsync(new Uri("/flaky", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync(new Uri("/flaky500", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_caches_own_writes_hand_no_read_your_writes_token_to_a_cached_GET()
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);

        var first = await app.Client.GetAsync(new Uri("/flaky", UriKind.Relative));
        var second = await app.Client.GetAsync(new Uri("/flaky", UriKind.Relative));

        // Storing the response and its fail-safe copy are cache bookkeeping, not the user's writes: no token, no cookie,
        // so output caching stores the response and the second request is a hit.
        Assert.False(first.Headers.Contains("Set-Cookie"));
        Assert.False(first.Headers.Contains("X-Consistency-Token"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Counter.Of("flaky"));
    }

    [Fact]
    public async Task A_last_good_response_is_never_served_to_a_request_with_credentials()
    {
        await using var app = await EndpointApp.StartAsync(_redis.ConnectionString);
        await app.Client.GetStringAsync(new Uri("/flaky500", UriKind.Relative));
        await Task.Delay(1200);
        app.Counter.Failing = true;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/flaky500") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "mallory") } };

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Cache-Stale"));
    }
}
