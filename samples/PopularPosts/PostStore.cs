using Microsoft.Data.Sqlite;

namespace PopularPosts;

/// <summary>
/// The source of truth: posts in SQLite (a shared in-memory database kept open for the app's lifetime). Counts its
/// reads so the demo shows how few reach it.
/// </summary>
public sealed class PostStore : IDisposable
{
    private readonly string _connectionString = $"Data Source=popularposts-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
    private readonly SqliteConnection _keepAlive;
    private long _reads;

    public PostStore()
    {
        _keepAlive = new SqliteConnection(_connectionString);
        _keepAlive.Open();
        using var create = _keepAlive.CreateCommand();
        create.CommandText = """
            CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body TEXT NOT NULL, likes INTEGER NOT NULL DEFAULT 0, published_at TEXT NOT NULL);
            INSERT INTO posts (title, body, likes, published_at) VALUES
              ('Redis replication in one picture', 'Master takes writes, replicas copy them a second or two later.', 42, '2026-11-01T09:00:00Z'),
              ('Why Sentinel needs three', 'A majority decides the master is down; two cannot outvote one.', 31, '2026-11-02T09:00:00Z'),
              ('Cache-aside, assuming data vanishes', 'Refill on a miss; never fail a request because the cache lost data.', 57, '2026-11-03T09:00:00Z'),
              ('Hash tags in Redis Cluster', 'Keys that must live together share a {tag}.', 12, '2026-11-04T09:00:00Z');
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>Gets how many reads reached the database.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    public async Task<Post?> GetAsync(long id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, title, body, likes, published_at FROM posts WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Post>> GetPopularAsync(int count, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, title, body, likes, published_at FROM posts ORDER BY likes DESC, id DESC LIMIT $count";
        command.Parameters.AddWithValue("$count", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var posts = new List<Post>();
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(Read(reader));
        }

        return posts;
    }

    public async Task<Post> CreateAsync(NewPost post, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO posts (title, body, likes, published_at) VALUES ($title, $body, 0, $at) RETURNING id";
        command.Parameters.AddWithValue("$title", post.Title);
        command.Parameters.AddWithValue("$body", post.Body);
        command.Parameters.AddWithValue("$at", now.ToString("O"));
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new Post(id, post.Title, post.Body, 0, now);
    }

    public async Task<bool> LikeAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE posts SET likes = likes + 1 WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public void Dispose() => _keepAlive.Dispose();

    private static Post Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture));

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
