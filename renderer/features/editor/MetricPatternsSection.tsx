import { useMemo } from 'react';
import { useMetricSample, useUiActions } from '../../state/hooks';
import { addPattern, removePattern, setFormField, setMetricsMode, setPattern, type FormModel, type MetricsMode } from './form-model';
import { testMetricPatterns } from './metric-tester';
import { TextField, TextInput } from './TextField';
import type { DocumentEdit } from './yaml-draft';

interface MetricPatternsSectionProps {
  readonly form: FormModel;
  readonly section: unknown;
  readonly disabled: boolean;
  readonly apply: (edit: DocumentEdit) => void;
}

const MODES: readonly { readonly mode: MetricsMode; readonly label: string; readonly explanation: string }[] = [
  { mode: 'default', label: 'Built-in', explanation: 'Reads name: value and name=value for the objective metric and the names listed.' },
  { mode: 'patterns', label: 'Own patterns', explanation: 'JavaScript regular expressions; each named group (?<name>...) is a metric.' },
  { mode: 'none', label: 'None', explanation: 'Only @tundra lines count (the Python helper prints them).' },
];

/** How metrics are read from plain output, with a tester that runs the trial's own matcher on pasted lines. */
export function MetricPatternsSection({ form, section, disabled, apply }: MetricPatternsSectionProps) {
  const sample = useMetricSample();
  const { setMetricSample } = useUiActions();
  const result = useMemo(() => testMetricPatterns(section, form.metric, sample), [section, form.metric, sample]);
  const explanation = MODES.find((entry) => entry.mode === form.metricsMode)?.explanation;

  return (
    <fieldset className="form-section" disabled={disabled}>
      <legend className="form-section__title">Metrics from plain output</legend>
      <div className="field">
        <label htmlFor="form-metrics-mode" className="field-label">
          Read metrics with
        </label>
        <select
          id="form-metrics-mode"
          className="select"
          value={form.metricsMode}
          aria-describedby="form-metrics-mode-hint"
          onChange={(event) => {
            const mode = event.target.value as MetricsMode;
            apply((doc) => { setMetricsMode(doc, mode); });
          }}
        >
          {MODES.map((entry) => (
            <option key={entry.mode} value={entry.mode}>
              {entry.label}
            </option>
          ))}
        </select>
        <p id="form-metrics-mode-hint" className="hint">
          {explanation}
        </p>
      </div>
      {form.metricsMode === 'default' && (
        <div className="form-grid">
          <TextField id="form-metric-names" label="Other metrics to read" mono value={form.metricNames} placeholder="train_loss, val_acc" onCommit={(text) => { apply((doc) => { setFormField(doc, 'metricNames', text); }); }} />
          <TextField id="form-metric-step" label="Step key" mono value={form.metricStep} placeholder="step or epoch" onCommit={(text) => { apply((doc) => { setFormField(doc, 'metricStep', text); }); }} />
        </div>
      )}
      {form.metricsMode === 'patterns' && (
        <div className="field" role="group" aria-label="Patterns">
          {form.patterns.map((source, index) => (
            <div key={index} className="pattern-row">
              <TextInput
                mono
                aria-label={`Pattern ${index + 1}`}
                value={source}
                placeholder="val_loss: (?<val_loss>[-+.\deE]+)"
                onCommit={(text) => { apply((doc) => { setPattern(doc, index, text); }); }}
              />
              <button type="button" className="button button--quiet-danger icon-button" aria-label={`Remove pattern ${index + 1}`} onClick={() => { apply((doc) => { removePattern(doc, index); }); }}>
                ✕
              </button>
            </div>
          ))}
          <div className="pattern-actions">
            <button type="button" className="button" onClick={() => { apply((doc) => { addPattern(doc); }); }}>
              Add pattern
            </button>
            <TextInput id="form-metric-step-group" aria-label="Step group" mono className="pattern-actions__step" value={form.metricStep} placeholder="step group: step" onCommit={(text) => { apply((doc) => { setFormField(doc, 'metricStep', text); }); }} />
          </div>
        </div>
      )}
      {form.metricsMode !== 'none' && (
        <div className="metric-tester">
          <label htmlFor="form-metric-sample" className="field-label">
            Test with your script’s output
          </label>
          <textarea
            id="form-metric-sample"
            className="metric-tester__sample"
            value={sample}
            rows={4}
            spellCheck={false}
            wrap="off"
            placeholder={'Paste a few lines your script prints, e.g.\nepoch 3 train_loss=0.41 val_loss=0.52'}
            onChange={(event) => { setMetricSample(event.target.value); }}
          />
          {sample.trim() !== '' && (
            <div aria-live="polite">
              {result.kind === 'invalid' ? (
                <p className="field-error">{result.message}</p>
              ) : (
                <>
                  <table className="metric-tester__table" aria-label="Extracted metrics">
                    <thead>
                      <tr>
                        <th scope="col">Line</th>
                        <th scope="col">Step</th>
                        <th scope="col">Metrics</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.lines.map((line, index) => (
                        <tr key={index} className={line.metrics.length === 0 && line.nonFinite.length === 0 ? 'is-empty' : undefined}>
                          <td>
                            <code>{line.line}</code>
                          </td>
                          <td>{line.step ?? '–'}</td>
                          <td>
                            {line.metrics.length === 0 && line.nonFinite.length === 0
                              ? 'nothing'
                              : [...line.metrics.map(([name, value]) => `${name} = ${value}`), ...line.nonFinite.map((name) => `${name} = not finite`)].join(', ')}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {!result.objectiveFound && form.metric !== '' && (
                    <p className="field-error">No line gives the objective metric {form.metric}: trials would end without a result.</p>
                  )}
                </>
              )}
            </div>
          )}
        </div>
      )}
    </fieldset>
  );
}
