using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bptl.Camunda.Tests.Support;

/// <summary>
/// A programmable HTTP peer on 127.0.0.1: each test says how to answer and reads what arrived. WireMock is not
/// available here, and a minimal API on loopback is real HTTP.
/// </summary>
public sealed class FakePeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private Func<HttpContext, Task> _handler = ctx => { ctx.Response.StatusCode = 404; return Task.CompletedTask; };

    private FakePeer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri EngineAddress => new(BaseAddress, "engine-rest/");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<FakePeer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new FakePeer(app);
        app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync(ctx.RequestAborted);
            peer.Requests.Enqueue(new RecordedRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString,
                ctx.Request.Headers.Authorization.ToString(), ctx.Request.ContentType, body));
            ctx.Items["body"] = body;
            await peer._handler(ctx);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return peer;
    }

    /// <summary>Answers every request with <paramref name="handler"/>.</summary>
    public void Handle(Func<HttpContext, Task> handler) => _handler = handler;

    /// <summary>Answers every request with a status and an optional JSON body.</summary>
    public void Answer(int status, string? json = null) => Handle(async ctx =>
    {
        ctx.Response.StatusCode = status;
        if (json is not null)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(json, ctx.RequestAborted);
        }
    });

    /// <summary>Answers the n-th request (1-based) with the n-th answer; the last answer repeats.</summary>
    public void AnswerInTurn(params (int Status, string? Json)[] answers)
    {
        var count = 0;
        Handle(async ctx =>
        {
            var index = Math.Min(Interlocked.Increment(ref count), answers.Length) - 1;
            ctx.Response.StatusCode = answers[index].Status;
            if (answers[index].Json is { } json)
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(json, ctx.RequestAborted);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string? ContentType, string Body);
