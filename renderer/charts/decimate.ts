import type { MetricSample } from '../state/metrics-slice';

/** Curves longer than this are thinned before they reach Plotly. */
export const MAX_POINTS_PER_CURVE = 2000;

/**
 * Min-max decimation: splits the interior of a step-sorted series into buckets and keeps each
 * bucket's lowest and highest value (in step order), plus the first and last samples. Unlike taking
 * every n-th sample it keeps spikes and divergences visible, which is what a learning curve is
 * looked at for. Returns the input itself when it is short enough.
 */
export function decimate(samples: readonly MetricSample[], maxPoints: number = MAX_POINTS_PER_CURVE): readonly MetricSample[] {
  if (samples.length <= maxPoints || maxPoints < 4) return samples;
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined) return samples;
  const buckets = Math.floor((maxPoints - 2) / 2);
  const interior = samples.length - 2;
  const out: MetricSample[] = [first];
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    const start = 1 + Math.floor((bucket * interior) / buckets);
    const end = 1 + Math.floor(((bucket + 1) * interior) / buckets);
    let low: MetricSample | undefined;
    let high: MetricSample | undefined;
    let lowIndex = -1;
    let highIndex = -1;
    for (let index = start; index < end; index += 1) {
      const sample = samples[index];
      if (sample === undefined) continue;
      // NaN compares false both ways; such samples are skipped here and simply not drawn.
      if (low === undefined || sample.value < low.value) {
        low = sample;
        lowIndex = index;
      }
      if (high === undefined || sample.value > high.value) {
        high = sample;
        highIndex = index;
      }
    }
    if (low === undefined || high === undefined) continue;
    if (lowIndex === highIndex) out.push(low);
    else if (lowIndex < highIndex) out.push(low, high);
    else out.push(high, low);
  }
  out.push(last);
  return out;
}
