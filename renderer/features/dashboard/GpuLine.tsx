import { useMemo } from 'react';
import { gpuReadings } from '../../state/gpus-slice';
import { useGpus } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { formatGpuReading } from './gpu-line';

/**
 * One line under the command: each GPU's utilisation and memory from the newest sample, or why
 * trials run on CPU. Its own component, so a GPU sample re-renders this line and nothing else.
 */
export function GpuLine() {
  const gpus = useGpus();
  const readings = useMemo(() => gpuReadings(gpus), [gpus]);
  const { status, loadError } = gpus;
  if (status === null) {
    return loadError === null ? null : (
      <p className="gpu-line gpu-line--error" title={loadError}>
        GPUs unknown — <MessageText text={loadError} />
      </p>
    );
  }
  if (status.kind === 'none') {
    return (
      <p className="gpu-line" title={status.reason}>
        <span className="gpu-line__label">CPU only</span> — <MessageText text={status.reason} />
      </p>
    );
  }
  return (
    <p className="gpu-line">
      <span className="gpu-line__label">GPUs:</span>
      {readings.map((reading) => (
        <span
          key={reading.index}
          className="gpu-line__device numeric"
          title={`GPU ${reading.index}: ${reading.name}, ${reading.memoryUsedMiB} of ${reading.memoryTotalMiB} MiB used`}
        >
          {formatGpuReading(reading)}
        </span>
      ))}
    </p>
  );
}
