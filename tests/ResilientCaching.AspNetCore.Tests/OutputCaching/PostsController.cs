using Microsoft.AspNetCore.Mvc;

namespace ResilientCaching.AspNetCore.Tests.OutputCaching;

/// <summary>An MVC controller action cached by attribute.</summary>
[ApiController]
[Route("mvc")]
public sealed class PostsController(HandlerCounter counter) : ControllerBase
{
    [HttpGet]
    [ResilientCache(Duration = 60, Tags = ["posts"])]
    public string Get() => $"mvc {counter.Next("mvc")}";
}
