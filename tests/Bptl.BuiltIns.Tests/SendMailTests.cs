using Bptl.BuiltIns.Hosting;
using Bptl.BuiltIns.Mail;
using Bptl.Grains.Checkpoints;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing.Smtp;
using Bptl.Variables;
using Bptl.WorkUnitTesting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bptl.BuiltIns.Tests;

public sealed class SendMailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendsTheTemplatedMail_ToEveryRecipient()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await StartAsync(sink);

        var run = await host.RunAsync(SendMailWorkUnit.Name, new VariableMap
        {
            ["to"] = "ada@example.test; grace@example.test",
            ["cc"] = "audit@example.test",
            ["subject"] = "Order {{orderId}} is on its way ✈",
            ["body"] = "Dear {{customer}},\nyour parcel {{parcel}} left our warehouse.",
            ["orderId"] = "A-17",
            ["customer"] = "Zoë",
            ["parcel"] = "P/42",
        }, cancellationToken: Ct);

        var mail = await sink.NextAsync(TimeSpan.FromSeconds(10), Ct);
        mail.From.ShouldBe("bptl@example.test");
        mail.To.ShouldBe(["ada@example.test", "grace@example.test", "audit@example.test"]);
        mail.Subject.ShouldBe("Order A-17 is on its way ✈");
        mail.Body.ReplaceLineEndings("\n").ShouldBe("Dear Zoë,\nyour parcel P/42 left our warehouse.");
        mail.Header("Message-ID").ShouldBe(run.ProcessVariables.Get<string>("mailMessageId"));
    }

    [Fact]
    public async Task ARerunWithItsCheckpoint_DoesNotSendTwice()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await StartAsync(sink);
        var checkpoint = new MemoryCheckpoint();
        var variables = new VariableMap { ["to"] = "ada@example.test", ["subject"] = "Hi", ["body"] = "Once" };

        var first = await host.RunAsync(SendMailWorkUnit.Name, variables, checkpoint: checkpoint, cancellationToken: Ct);
        (await sink.NextAsync(TimeSpan.FromSeconds(10), Ct)).Body.ShouldBe("Once");
        var sessions = sink.Sessions;

        var rerun = await host.RunAsync(SendMailWorkUnit.Name, variables, checkpoint: checkpoint, cancellationToken: Ct);

        rerun.Outputs.Get<string>("mailMessageId").ShouldBe(first.Outputs.Get<string>("mailMessageId"));
        sink.Sessions.ShouldBe(sessions);
        sink.TryTake(out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("to", "not an address", "'not an address' in to is not a valid e-mail address")]
    [InlineData("subject", "Hi {{who}}", "the variable 'who', which the process does not have")]
    [InlineData("to", "refuse@example.test", "The SMTP server refused a recipient")]
    public async Task BadInput_IsAnIncidentWithAClearMessage(string variable, string value, string message)
    {
        await using var sink = SmtpSink.Start();
        await using var host = await StartAsync(sink);
        var variables = new VariableMap { ["to"] = "ada@example.test", ["subject"] = "Hi", ["body"] = "Body", [variable] = value };

        var run = await host.RunAsync(SendMailWorkUnit.Name, variables, cancellationToken: Ct);

        run.IncidentMessage.ShouldNotBeNull().ShouldContain(message);
        sink.TryTake(out _).ShouldBeFalse();
    }

    [Fact]
    public async Task WithoutAnSmtpServer_TheTaskFailsClearly()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        var run = await host.RunAsync(SendMailWorkUnit.Name, new VariableMap { ["to"] = "a@example.test", ["subject"] = "s", ["body"] = "b" }, cancellationToken: Ct);
        run.IncidentMessage.ShouldNotBeNull().ShouldContain("No SMTP server is configured");
    }

    [Fact]
    public void InvalidOptions_AreAllReported()
    {
        var result = new MailOptionsValidator().Validate(null, new MailOptions { Host = "smtp.example.test", Port = 0, From = "nope", UserName = "u" });
        result.Failed.ShouldBeTrue();
        result.Failures.ShouldNotBeNull();
        result.Failures.Count().ShouldBe(3);
    }

    private static Task<WorkUnitTestHost> StartAsync(SmtpSink sink) =>
        WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits().Configure<MailOptions>(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = sink.Port;
            o.From = "bptl@example.test";
        }), Ct);
}
