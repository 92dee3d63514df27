using System.Globalization;

namespace Bptl.Demo.Cluster;

/// <summary>A topic of the demo process, as the silos seed it into <c>bptl_topic</c>.</summary>
/// <param name="Topic">The topic the BPMN's external task names.</param>
/// <param name="WorkUnit">The work unit registered in the demo silo.</param>
/// <param name="LockDuration">The engine lock per fetch.</param>
/// <param name="Retries">Retries after the first failure.</param>
/// <param name="RetryInitialDelay">The wait before the first retry; it doubles for each next one.</param>
internal sealed record DemoTopic(string Topic, string WorkUnit, TimeSpan LockDuration, int Retries, TimeSpan RetryInitialDelay);

/// <summary>The demo's topics; k8s/configmap-topics.yaml seeds the same ones.</summary>
internal static class DemoTopics
{
    public static IReadOnlyList<DemoTopic> All { get; } =
    [
        new("demo.validate", "validate-order", TimeSpan.FromSeconds(30), 3, TimeSpan.FromSeconds(5)),
        // Two retries a second and two seconds apart: an order that never gets through becomes an incident within seconds.
        new("demo.charge", "charge-payment", TimeSpan.FromSeconds(30), 2, TimeSpan.FromSeconds(1)),
        // A lock shorter than the work (3 to 6 s): the silo keeps extending it while the parcel is packed.
        new("demo.pack", "pack-parcel", TimeSpan.FromSeconds(4), 3, TimeSpan.FromSeconds(5)),
        new("demo.notify", "send-notification", TimeSpan.FromSeconds(30), 3, TimeSpan.FromSeconds(5)),
    ];

    /// <summary>The topics as configuration keys (<c>Bptl__Topics__0__Topic</c>, ...).</summary>
    public static IEnumerable<KeyValuePair<string, string>> AsEnvironment()
    {
        for (var i = 0; i < All.Count; i++)
        {
            var prefix = "Bptl__Topics__" + i.ToString(CultureInfo.InvariantCulture) + "__";
            var topic = All[i];
            yield return new(prefix + "Topic", topic.Topic);
            yield return new(prefix + "WorkUnit", topic.WorkUnit);
            yield return new(prefix + "LockDuration", topic.LockDuration.ToString("c", CultureInfo.InvariantCulture));
            yield return new(prefix + "Retries", topic.Retries.ToString(CultureInfo.InvariantCulture));
            yield return new(prefix + "RetryInitialDelay", topic.RetryInitialDelay.ToString("c", CultureInfo.InvariantCulture));
        }
    }
}
