namespace PopularPosts;

/// <summary>The body of <c>POST /posts</c>.</summary>
public sealed record NewPost(string Title, string Body);
