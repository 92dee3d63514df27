using Bptl.BuiltIns.Http;
using Bptl.BuiltIns.Mail;
using Bptl.BuiltIns.StartProcess;
using Bptl.Grains.Interfaces.WorkUnits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bptl.BuiltIns.Hosting;

/// <summary>Registers the built-in work units.</summary>
public static class BuiltInServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>bptl.start-process</c>, <c>bptl.http</c> and <c>bptl.send-mail</c> with their contracts, and
    /// binds <see cref="MailOptions"/> to <c>Bptl:Mail</c> (validated at start). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddBptlBuiltInWorkUnits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailOptions>, MailOptionsValidator>());
        services.AddWorkUnit<StartProcessWorkUnit>(StartProcessWorkUnit.Name, StartProcessWorkUnit.Contract);
        services.AddWorkUnit<HttpRequestWorkUnit>(HttpRequestWorkUnit.Name, HttpRequestWorkUnit.Contract);
        services.AddWorkUnit<SendMailWorkUnit>(SendMailWorkUnit.Name, SendMailWorkUnit.Contract);
        return services;
    }
}
