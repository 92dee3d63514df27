using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bptl.Services.Tests.Support;

/// <summary>
/// The external service of the tests, on 127.0.0.1: echoes what it received (headers, query, body), serves an
/// OAuth2 token endpoint and a resource that wants one of its tokens, and answers with bodies of any size.
/// </summary>
public sealed class LoopbackPeer : IAsyncDisposable
{
    public const string ClientId = "bptl-client";
    public const string ClientSecret = "client-secret-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _valid = new(StringComparer.Ordinal);
    private int _tokens;

    private LoopbackPeer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many times the token endpoint was asked.</summary>
    public int TokenRequests => Volatile.Read(ref _tokens);

    /// <summary>The token endpoint's expires_in.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>When set, the token endpoint answers this status with an OAuth error.</summary>
    public HttpStatusCode? TokenFailure { get; set; }

    /// <summary>The form fields of the last token request.</summary>
    public IReadOnlyDictionary<string, string> LastTokenForm { get; private set; } = new Dictionary<string, string>();

    public Uri Url(string relative) => new(BaseAddress, relative);

    /// <summary>Makes the peer refuse a token it issued, as after a revocation.</summary>
    public void Revoke(string token) => _valid[token] = false;

    public static async Task<LoopbackPeer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new LoopbackPeer(app);
        peer.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return peer;
    }

    private void Map(WebApplication app)
    {
        app.Map("/echo/{**rest}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var headers = new JsonObject();
            foreach (var (name, value) in http.Request.Headers)
            {
                headers[name.ToLowerInvariant()] = value.ToString();
            }

            return Results.Json(new JsonObject
            {
                ["method"] = http.Request.Method,
                ["path"] = http.Request.Path.Value,
                ["query"] = http.Request.QueryString.Value,
                ["headers"] = headers,
                ["body"] = body,
            });
        });

        app.MapPost("/token", async (HttpContext http) =>
        {
            Interlocked.Increment(ref _tokens);
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            LastTokenForm = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            if (TokenFailure is { } failure)
            {
                return Results.Json(new { error = "server_error", error_description = "the provider is down" }, statusCode: (int)failure);
            }

            if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                return Results.Json(new { error = "invalid_client", error_description = "unknown client" }, statusCode: 401);
            }

            var token = "tok-" + Guid.NewGuid().ToString("N");
            _valid[token] = true;
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = TokenLifetimeSeconds });
        });

        app.MapGet("/oauth/resource", (HttpContext http) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
            return _valid.TryGetValue(token, out var valid) && valid ? Results.Json(new { token }) : Results.StatusCode(401);
        });

        app.MapGet("/big/{size:int}", (int size) => Results.Text("{\"data\":\"" + new string('x', size) + "\"}", "application/json"));

        app.MapPost("/login", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            return Results.Text("{\"user\":\"ann\",\"sessionToken\":\"session-abc-123\",\"echo\":" + body + "}", "application/json");
        });

        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));

        app.MapGet("/hang", async (HttpContext http) =>
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Ok();
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
