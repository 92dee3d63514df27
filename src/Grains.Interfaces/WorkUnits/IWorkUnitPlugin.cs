using Microsoft.Extensions.DependencyInjection;

namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>
/// The entry point of a plugin assembly that needs more than <see cref="WorkUnitAttribute"/>: contracts built in
/// code, services of its own. A silo creates every public class implementing it (it needs a public parameterless
/// constructor) and calls <see cref="Register"/> once at start.
/// </summary>
/// <example>
/// <code>
/// public sealed class BillingPlugin : IWorkUnitPlugin
/// {
///     public void Register(IServiceCollection services) => services
///         .AddSingleton&lt;InvoiceNumbers&gt;()
///         .AddWorkUnit&lt;IssueInvoice&gt;("issue-invoice", contract => contract.RequiredInput&lt;string&gt;("orderId"));
/// }
/// </code>
/// </example>
public interface IWorkUnitPlugin
{
    /// <summary>Registers the plugin's work units (with <c>AddWorkUnit</c>) and the services they need.</summary>
    void Register(IServiceCollection services);
}
