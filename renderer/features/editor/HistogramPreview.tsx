import { memo, useMemo } from 'react';
import type { Param } from '../../../shared/search-space';
import { histogram, type Histogram } from './histogram';

const WIDTH = 168;
const HEIGHT = 34;

function describe(name: string, param: Param, result: Histogram): string {
  const scale = param.type === 'float' && param.reverse_log ? 'reverse-log' : (param.type === 'float' || param.type === 'int') && param.log ? 'log' : 'linear';
  if (result.kind === 'bins') return `${result.draws} draws of ${name} on a ${scale} scale from ${result.ticks[0]} to ${result.ticks[2]}`;
  return `${result.draws} draws of ${name}: ${result.bars.map((bar) => `${bar.label} ${bar.count}`).join(', ')}`;
}

interface HistogramPreviewProps {
  readonly name: string;
  readonly param: Param;
}

/** A tiny bar chart of where 1,000 draws land; `param` must be stable while it is unchanged (memo). */
export const HistogramPreview = memo(function HistogramPreview({ name, param }: HistogramPreviewProps) {
  const result = useMemo(() => histogram(param), [param]);
  const counts = result.kind === 'bins' ? result.counts : result.bars.map((bar) => bar.count);
  const max = Math.max(1, ...counts);
  const slot = WIDTH / counts.length;
  const gap = counts.length > 12 ? 1 : 3;
  const labels: readonly string[] =
    result.kind === 'bins' ? result.ticks : result.bars.length <= 6 ? result.bars.map((bar) => bar.label) : [result.bars[0]!.label, '', result.bars[result.bars.length - 1]!.label];
  return (
    <figure className="histogram">
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={describe(name, param, result)}>
        {counts.map((count, index) => {
          const height = count === 0 ? 0 : Math.max(1, (count / max) * (HEIGHT - 2));
          return <rect key={index} className="histogram__bar" x={index * slot + gap / 2} y={HEIGHT - height} width={Math.max(1, slot - gap)} height={height} />;
        })}
        <line className="histogram__axis" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      </svg>
      <figcaption className={`histogram__labels${labels.length === 3 ? '' : ' histogram__labels--bars'}`} aria-hidden="true">
        {labels.map((label, index) => (
          <span key={index}>{label}</span>
        ))}
      </figcaption>
    </figure>
  );
});
