using System.Collections.Concurrent;
using Bptl.Grains.Interfaces.Services;
using Bptl.Grains.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Bptl.BuiltIns.Tests;

/// <summary>An HTTP peer on 127.0.0.1 that answers with what the test scripts, and records what it was sent.</summary>
internal sealed class LoopbackService : IAsyncDisposable, IExternalServicesFactory, IExternalServices
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private LoopbackService(WebApplication app)
    {
        _app = app;
        _client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/api/") };
    }

    public ConcurrentQueue<(string Method, string PathAndQuery, Dictionary<string, string> Headers, string Body)> Requests { get; } = new();

    public Func<HttpContext, Task> Respond { get; set; } = context => context.Response.WriteAsJsonAsync(new { ok = true });

    public static async Task<LoopbackService> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackService? self = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            self!.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            await self.Respond(context);
        });
        await app.StartAsync(cancellationToken);
        self = new LoopbackService(app);
        return self;
    }

    public IExternalServices Create(ExternalServiceScope scope) => this;

    public HttpClient Http(string name) => name == "shop" ? _client : throw new UnknownServiceException(name);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
