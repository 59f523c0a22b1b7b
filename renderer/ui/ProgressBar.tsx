import { progressFraction } from '../lib/format';

interface ProgressBarProps {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

export function ProgressBar({ done, total, label }: ProgressBarProps) {
  const percent = Math.round(progressFraction(done, total) * 1000) / 10;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
      <div className="progress__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
