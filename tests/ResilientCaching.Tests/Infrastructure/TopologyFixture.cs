namespace ResilientCaching.Tests.Infrastructure;

/// <summary>Real Redis processes started once per test class and stopped after it.</summary>
/// <typeparam name="TTopology">The harness group (or node) this fixture starts.</typeparam>
public abstract class TopologyFixture<TTopology> : IAsyncLifetime
    where TTopology : class, IAsyncDisposable
{
    private TTopology? _topology;

    public TTopology Group => _topology ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _topology = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }

    protected abstract Task<TTopology> StartAsync();
}
