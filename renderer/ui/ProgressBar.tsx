import { progressFraction } from '../lib/format';

interface ProgressBarProps {
  readonly done: number;
  readonly total: number;
  readonly label: string;
  /** What a screen reader says instead of the bare numbers (e.g. when they are seconds). */
  readonly valueText?: string | undefined;
}

export function ProgressBar({ done, total, label, valueText }: ProgressBarProps) {
  const percent = Math.round(progressFraction(done, total) * 1000) / 10;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={Math.min(total, Math.round(done))}
      aria-valuetext={valueText}
    >
      <div className="progress__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
