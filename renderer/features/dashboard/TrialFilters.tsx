import { useId, useState } from 'react';
import { TRIAL_STATES, type Trial, type TrialState } from '../../../shared/domain';
import { parseBound, toggleMember, type ParamFilterKind, type TrialFilter } from './trial-filter';

interface TrialFiltersProps {
  readonly trials: readonly Trial[];
  readonly kinds: readonly ParamFilterKind[];
  readonly filter: TrialFilter;
  readonly onChange: (filter: TrialFilter) => void;
}

/** The table's filter bar: states present, and per parameter a range or a set of values. */
export function TrialFilters({ trials, kinds, filter, onChange }: TrialFiltersProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const counts = new Map<TrialState, number>();
  for (const trial of trials) counts.set(trial.state, (counts.get(trial.state) ?? 0) + 1);
  // A state filtered on stays offered even when no trial is in it any more, so it can be cleared.
  const offered = TRIAL_STATES.filter((state) => counts.has(state) || filter.states.includes(state));
  return (
    <div className="trial-filters">
      <div className="trial-filters__states" role="group" aria-label="Filter by state">
        {offered.map((state) => (
          <label key={state} className={`filter-chip${filter.states.includes(state) ? ' is-on' : ''}`}>
            <input
              type="checkbox"
              checked={filter.states.includes(state)}
              onChange={(event) => { onChange({ ...filter, states: toggleMember(filter.states, state, event.target.checked, TRIAL_STATES) }); }}
            />
            {state}
            <span className="filter-chip__count">{counts.get(state) ?? 0}</span>
          </label>
        ))}
      </div>
      {kinds.length > 0 && (
        <button type="button" className="button button--small button--quiet" aria-expanded={open} aria-controls={panelId} onClick={() => { setOpen(!open); }}>
          Parameter filters {open ? '▴' : '▾'}
        </button>
      )}
      {open && (
        <div id={panelId} className="trial-filters__params">
          {kinds.map((kind) =>
            kind.kind === 'range' ? (
              <RangeField key={kind.name} name={kind.name} filter={filter} onChange={onChange} />
            ) : (
              <fieldset key={kind.name} className="param-filter">
                <legend>{kind.name}</legend>
                {kind.labels.map((label) => (
                  <label key={label} className="inline-field">
                    <input
                      type="checkbox"
                      checked={(filter.choices[kind.name] ?? []).includes(label)}
                      onChange={(event) => {
                        onChange({ ...filter, choices: { ...filter.choices, [kind.name]: toggleMember(filter.choices[kind.name] ?? [], label, event.target.checked, kind.labels) } });
                      }}
                    />
                    {label}
                  </label>
                ))}
              </fieldset>
            ),
          )}
        </div>
      )}
    </div>
  );
}

/** Min and max as typed; the filter takes a bound only once it reads as a number. */
function RangeField({ name, filter, onChange }: { readonly name: string; readonly filter: TrialFilter; readonly onChange: (filter: TrialFilter) => void }) {
  const range = filter.ranges[name] ?? { min: null, max: null };
  const [text, setText] = useState({ min: range.min === null ? '' : String(range.min), max: range.max === null ? '' : String(range.max) });
  const errorId = useId();
  const min = parseBound(text.min);
  const max = parseBound(text.max);
  const problem = !min.ok ? `${name} minimum: ${min.message}` : !max.ok ? `${name} maximum: ${max.message}` : null;

  function edit(side: 'min' | 'max', value: string) {
    const next = { ...text, [side]: value };
    setText(next);
    const parsed = parseBound(value);
    // While the text is not a number the last valid bound stays in force; the alert says why.
    if (parsed.ok) onChange({ ...filter, ranges: { ...filter.ranges, [name]: { ...range, [side]: parsed.value } } });
  }

  return (
    <fieldset className="param-filter">
      <legend>{name}</legend>
      <input
        className="input input--small"
        aria-label={`${name} minimum`}
        placeholder="min"
        value={text.min}
        aria-invalid={!min.ok}
        aria-describedby={problem === null ? undefined : errorId}
        onChange={(event) => { edit('min', event.target.value); }}
      />
      <span aria-hidden="true">–</span>
      <input
        className="input input--small"
        aria-label={`${name} maximum`}
        placeholder="max"
        value={text.max}
        aria-invalid={!max.ok}
        aria-describedby={problem === null ? undefined : errorId}
        onChange={(event) => { edit('max', event.target.value); }}
      />
      {problem !== null && (
        <span id={errorId} className="param-filter__error" role="alert">
          {problem}
        </span>
      )}
    </fieldset>
  );
}
