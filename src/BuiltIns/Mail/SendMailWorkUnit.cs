using System.Net;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Bptl.BuiltIns.Templates;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Bptl.Variables;
using Microsoft.Extensions.Options;

namespace Bptl.BuiltIns.Mail;

/// <summary>
/// <c>bptl.send-mail</c>: sends one e-mail over the configured SMTP server (<see cref="MailOptions"/>) with a
/// subject and body filled from process variables. Once sent, the task's checkpoint remembers it, so a rerun (after
/// a lost report, a lost lock or a crash) does not send it again; the Message-ID is derived from the task and
/// attempt, so the one duplicate a crash between sending and checkpointing can cause is recognisable to mail clients.
/// </summary>
public sealed class SendMailWorkUnit(IOptions<MailOptions> options) : IWorkUnit
{
    /// <summary>The name topics map to.</summary>
    public const string Name = "bptl.send-mail";

    /// <summary>The contract.</summary>
    public static void Contract(WorkUnitContractBuilder contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        contract
            .Describe("Sends an e-mail with a templated subject and body over the configured SMTP server.")
            .RequiredInput<string>("to", "Recipients, separated by commas or semicolons.")
            .OptionalInput<string>("cc", description: "Copy recipients.")
            .OptionalInput<string>("bcc", description: "Blind copy recipients.")
            .OptionalInput<string>("replyTo", description: "The reply-to address.")
            .RequiredInput<string>("subject", "The subject; a template ({{variable}}).")
            .RequiredInput<string>("body", "The body; a template ({{variable}}).")
            .OptionalInput<bool>("html", false, "True when the body is HTML.")
            .Output<string>("mailMessageId", "The Message-ID of the sent mail.");
    }

    /// <inheritdoc />
    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        if (settings.Host is null)
        {
            return WorkUnitResult.Failure("No SMTP server is configured (set Bptl:Mail:Host and Bptl:Mail:From).", retryable: false);
        }

        // The checkpoint belongs to this task: a saved id means this task's mail went out already.
        if (await context.Checkpoint.LoadAsync<string>(cancellationToken).ConfigureAwait(false) is { } sentId)
        {
            return Sent(sentId);
        }

        var messageId = "<" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.IdempotencyKey)))[..32] + "@bptl>";

        using var message = new MailMessage { From = new MailAddress(settings.From!) };
        try
        {
            foreach (var to in MailAddresses.ParseList(context.Get<string>("to"), "to"))
            {
                message.To.Add(to);
            }

            foreach (var cc in MailAddresses.ParseList(context.GetOrDefault<string?>("cc", null), "cc"))
            {
                message.CC.Add(cc);
            }

            foreach (var bcc in MailAddresses.ParseList(context.GetOrDefault<string?>("bcc", null), "bcc"))
            {
                message.Bcc.Add(bcc);
            }

            foreach (var replyTo in MailAddresses.ParseList(context.GetOrDefault<string?>("replyTo", null), "replyTo"))
            {
                message.ReplyToList.Add(replyTo);
            }

            if (message.To.Count == 0)
            {
                throw new ArgumentException("to holds no address.");
            }

            message.Subject = VariableTemplate.Render(context.Get<string>("subject"), context.Variables).ReplaceLineEndings(" ");
            message.Body = VariableTemplate.Render(context.Get<string>("body"), context.Variables);
        }
        catch (Exception ex) when (ex is ArgumentException or TemplateException)
        {
            return WorkUnitResult.Failure("The e-mail cannot be built: " + ex.Message, retryable: false);
        }

        message.IsBodyHtml = context.Get<bool>("html");
        message.SubjectEncoding = Encoding.UTF8;
        message.BodyEncoding = Encoding.UTF8;
        message.Headers.Add("Message-ID", messageId);

        using var smtp = new SmtpClient(settings.Host, settings.Port)
        {
            EnableSsl = settings.EnableSsl,
            Timeout = (int)settings.Timeout.TotalMilliseconds,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (settings.UserName is not null)
        {
            smtp.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        try
        {
            await smtp.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpFailedRecipientException ex)
        {
            // 4xx replies are transient (a busy mailbox), 5xx ones permanent (no such user).
            return WorkUnitResult.Failure($"The SMTP server refused a recipient ({(int)ex.StatusCode}): {ex.Message}", ex.ToString(),
                retryable: (int)ex.StatusCode < 500);
        }

        await context.Checkpoint.SaveAsync(messageId, cancellationToken).ConfigureAwait(false);
        return Sent(messageId);
    }

    private static CompleteResult Sent(string messageId) => WorkUnitResult.Complete(new VariableMap { ["mailMessageId"] = messageId });
}
