using System.Xml.Linq;
using Bptl.Storage.Services;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Bptl.Services.Secrets;

/// <summary>
/// A Data Protection key repository in PostgreSQL (<c>bptl_data_protection_key</c>), so that every silo and the
/// admin share one key ring. Elements are stored exactly as Data Protection hands them over: encrypted to a
/// certificate when one is configured, otherwise in clear XML.
/// </summary>
public sealed class PostgresXmlRepository(KeyRingStore store) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() => [.. store.All().Select(xml => XElement.Parse(xml))];

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // Data Protection names keys "key-<guid>"; a missing name gets a unique one so nothing is lost.
        var name = string.IsNullOrEmpty(friendlyName) ? "element-" + Guid.NewGuid().ToString("N") : friendlyName;
        store.Store(name, element.ToString(SaveOptions.DisableFormatting));
    }
}
