using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Bptl.Benchmarks.Runtime;

/// <summary>
/// The silos' database calls as Npgsql times them (its System.Diagnostics.Metrics histograms: command duration,
/// which includes the round trip and the wait for the commit's WAL flush, and pool wait), summed per instrument for
/// the silos' pools only (their application name starts with <c>bptl-silo</c>).
/// </summary>
internal sealed class NpgsqlTimings : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Sum> _sums = new(StringComparer.Ordinal);

    public NpgsqlTimings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument is Histogram<double>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Value is string pool && pool.Contains("bptl-silo", StringComparison.Ordinal))
                {
                    _sums.GetOrAdd(instrument.Name + " (" + instrument.Unit + ")", _ => new Sum()).Add(value);
                    return;
                }
            }
        });
        _listener.Start();
    }

    public void Reset() => _sums.Clear();

    /// <summary>One line per instrument: calls and mean, in milliseconds when the unit is seconds.</summary>
    public IReadOnlyList<string> Describe() =>
        [.. _sums.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Describe(s.Key))];

    public void Dispose() => _listener.Dispose();

    private sealed class Sum
    {
        private readonly Lock _gate = new();
        private long _count;
        private double _total;
        private double _max;

        public void Add(double value)
        {
            lock (_gate)
            {
                _count++;
                _total += value;
                _max = Math.Max(_max, value);
            }
        }

        public string Describe(string name)
        {
            lock (_gate)
            {
                var scale = name.EndsWith("(s)", StringComparison.Ordinal) ? 1000 : 1;
                var unit = scale == 1000 ? "ms" : "";
                return string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {_count} calls, mean {_total / Math.Max(1, _count) * scale:F2}{unit}, max {_max * scale:F2}{unit}");
            }
        }
    }
}
