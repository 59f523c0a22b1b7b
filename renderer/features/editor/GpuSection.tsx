import { useEffect, useMemo } from 'react';
import type { FieldIssue } from '../../../shared/result';
import { gpuReadings } from '../../state/gpus-slice';
import { useCommands, useGpus } from '../../state/hooks';
import { gpuChosen, missingGpus, readGpuDevices, setGpuChosen, type FormModel } from './form-model';
import { TextField } from './TextField';
import type { DocumentEdit } from './yaml-draft';

interface GpuSectionProps {
  readonly data: Readonly<Record<string, unknown>>;
  readonly form: FormModel;
  readonly issues: readonly FieldIssue[];
  readonly disabled: boolean;
  readonly text: (field: 'gpusPerTrial' | 'trialsPerGpu' | 'memoryPerTrial') => { value: string; error: string | undefined; onCommit: (value: string) => void };
  readonly apply: (edit: DocumentEdit) => void;
}

/** GiB with one decimal, without a trailing `.0`. */
function gib(mib: number): string {
  return String(Math.round((mib / 1024) * 10) / 10);
}

/**
 * The `gpus` section: the GPUs the back end detected (nvidia-smi), each with its memory, ticked
 * when trials may use it, and how many a trial takes. Without GPUs it says that trials run on CPU
 * slots, and warns when the file asks for GPUs all the same (the start would be refused).
 */
export function GpuSection({ data, form, issues, disabled, text, apply }: GpuSectionProps) {
  const { loadGpus } = useCommands();
  const gpus = useGpus();
  useEffect(() => { loadGpus(); }, [loadGpus]);
  const readings = useMemo(() => gpuReadings(gpus), [gpus]);
  const detected = readings.map((reading) => reading.index);
  const devices = readGpuDevices(data);
  const missing = missingGpus(devices, detected);
  const section = data.gpus !== undefined && data.gpus !== null;
  const perTrialText = form.gpusPerTrial.trim();
  const perTrial = perTrialText === '' ? (section ? 1 : 0) : Number(perTrialText);
  const chosenCount = readings.filter((reading) => gpuChosen(devices, reading.index)).length;
  const devicesIssue = issues.find((issue) => issue.path === 'gpus.devices' || issue.path.startsWith('gpus.devices['))?.message;

  return (
    <fieldset className="form-section gpu-section" disabled={disabled} aria-describedby="form-gpus-status">
      <legend className="form-section__title">GPUs</legend>
      {gpus.status === null && gpus.loadError === null && (
        <p id="form-gpus-status" className="hint">
          Looking for GPUs…
        </p>
      )}
      {gpus.loadError !== null && (
        <p id="form-gpus-status" className="field-error">
          Could not ask for the GPUs: {gpus.loadError}
        </p>
      )}
      {gpus.status?.kind === 'none' && (
        <div id="form-gpus-status" className="gpu-section__none" role="note">
          <p>
            <strong>No GPU detected</strong> — {gpus.status.reason}.
          </p>
          <p className="hint">Trials run on CPU slots: up to “In parallel” of them at once, with their environment untouched.</p>
          {section && perTrial > 0 && (
            <p className="field-error">
              This file asks for {perTrial} GPU{perTrial === 1 ? '' : 's'} per trial, so starting it here would be refused; set GPUs per trial to 0 (or remove the gpus section) to run on CPU.
            </p>
          )}
        </div>
      )}
      {gpus.status?.kind === 'gpus' && (
        <>
          <p id="form-gpus-status" className="hint">
            Tick the GPUs trials may use; all ticked means every GPU (<code>devices: all</code>). Each trial gets its own through CUDA_VISIBLE_DEVICES.
          </p>
          <ul className="gpu-section__devices" aria-label="Detected GPUs">
            {readings.map((reading) => (
              <li key={reading.index}>
                <label className="gpu-section__device">
                  <input
                    type="checkbox"
                    checked={gpuChosen(devices, reading.index)}
                    disabled={devices.kind === 'invalid'}
                    onChange={(event) => {
                      const chosen = event.target.checked;
                      apply((doc) => { setGpuChosen(doc, detected, reading.index, chosen); });
                    }}
                  />
                  <span className="gpu-section__name">
                    GPU {reading.index} · {reading.name}
                  </span>
                  <span className="gpu-section__memory muted">
                    {gib(reading.memoryUsedMiB)} / {gib(reading.memoryTotalMiB)} GiB used
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {devicesIssue !== undefined && <p className="field-error">gpus.devices: {devicesIssue}</p>}
          {devices.kind === 'invalid' && devicesIssue === undefined && <p className="field-error">gpus.devices is neither all nor a list of GPU indexes; fix it in the YAML, e.g. devices: [0, 1].</p>}
          {missing.length > 0 && (
            <p className="field-error">
              gpus.devices names GPU {missing.join(', ')}, which this machine does not have (it has {detected.join(', ')}); starting here would be refused.
            </p>
          )}
          {devices.kind === 'list' && chosenCount === 0 && missing.length === 0 && <p className="field-error">No GPU ticked: tick at least one, or set GPUs per trial to 0 for CPU-only trials.</p>}
          {chosenCount > 0 && perTrial > chosenCount && (
            <p className="field-error">
              {perTrial} GPUs per trial but only {chosenCount} ticked; lower GPUs per trial or tick more.
            </p>
          )}
        </>
      )}
      <div className="form-grid form-grid--three">
        <TextField id="form-gpus-per-trial" label="GPUs per trial" mono inputMode="numeric" placeholder={section ? '1' : '1 with GPUs'} hint="0 runs trials on CPU only." {...text('gpusPerTrial')} />
        <TextField id="form-trials-per-gpu" label="Trials per GPU" mono inputMode="numeric" placeholder="1" hint="Packing: trials sharing one GPU." {...text('trialsPerGpu')} />
        <TextField id="form-memory-per-trial" label="Memory per trial (MiB)" mono inputMode="numeric" placeholder="not checked" hint="Free on a GPU before a trial starts there." {...text('memoryPerTrial')} />
      </div>
    </fieldset>
  );
}
