import type { Param, ParamValue } from './search-space';

/**
 * Maps u in [0, 1) to a value of the parameter, on its scale (log, reverse log, step), and back.
 * Every searcher that thinks in the unit cube (random, Sobol, TPE, GP) goes through these two, so
 * "on its scale" means the same thing everywhere.
 */
export function sampleParam(param: Param, u: number): ParamValue {
  switch (param.type) {
    case 'float':
      return quantise(param, fromUnit(param.low, param.high, scaleOf(param), u));
    case 'int': {
      // Widen by half a unit each side so both ends are as likely as any interior integer.
      const low = param.log ? Math.max(param.low - 0.5, param.low / 2) : param.low - 0.5;
      const raw = fromUnit(low, param.high + 0.5, param.log ? 'log' : 'linear', u);
      return quantise(param, Math.min(param.high, Math.max(param.low, Math.round(raw))));
    }
    case 'categorical':
      return param.choices[Math.min(param.choices.length - 1, Math.floor(u * param.choices.length))]!;
    case 'bool':
      return u >= 0.5;
    case 'fixed':
      return param.value;
  }
}

type Scale = 'linear' | 'log' | 'reverse_log';

function scaleOf(param: Param): Scale {
  if (param.type === 'float' && param.reverse_log) return 'reverse_log';
  return (param.type === 'float' || param.type === 'int') && param.log ? 'log' : 'linear';
}

function fromUnit(low: number, high: number, scale: Scale, u: number): number {
  switch (scale) {
    case 'linear':
      return low + (high - low) * u;
    case 'log':
      return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * u);
    case 'reverse_log':
      // 1 - x uniform in log space: as much room between 0.99 and 0.999 as between 0.9 and 0.99.
      return 1 - Math.exp(Math.log(1 - low) + (Math.log(1 - high) - Math.log(1 - low)) * u);
  }
}

function toUnit(low: number, high: number, scale: Scale, value: number): number {
  switch (scale) {
    case 'linear':
      return (value - low) / (high - low);
    case 'log':
      return (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low));
    case 'reverse_log':
      return (Math.log(1 - value) - Math.log(1 - low)) / (Math.log(1 - high) - Math.log(1 - low));
  }
}

/** Snaps to low + k * step, staying inside [low, high]; floats keep no float noise from the snap. */
function quantise(param: Param & { type: 'float' | 'int' }, value: number): number {
  if (param.step === undefined) return value;
  const steps = Math.round((value - param.low) / param.step);
  const maxSteps = Math.floor((param.high - param.low) / param.step + 1e-9);
  const snapped = param.low + Math.min(maxSteps, Math.max(0, steps)) * param.step;
  return param.type === 'int' ? Math.round(snapped) : Number(snapped.toPrecision(12));
}

/** The position of `value` in [0, 1] on the parameter's scale (the inverse of sampleParam). */
export function paramToUnit(param: Param, value: ParamValue): number {
  switch (param.type) {
    case 'float':
      return clampUnit(toUnit(param.low, param.high, scaleOf(param), value as number));
    case 'int': {
      const low = param.log ? Math.max(param.low - 0.5, param.low / 2) : param.low - 0.5;
      return clampUnit(toUnit(low, param.high + 0.5, param.log ? 'log' : 'linear', value as number));
    }
    case 'categorical': {
      const index = param.choices.indexOf(value);
      return (Math.max(0, index) + 0.5) / param.choices.length;
    }
    case 'bool':
      return value === true ? 0.75 : 0.25;
    case 'fixed':
      return 0.5;
  }
}

function clampUnit(u: number): number {
  return Math.min(1, Math.max(0, u));
}

/** The value a parameter takes in the default configuration: its `default`, else its centre. */
export function defaultValue(param: Param): ParamValue {
  switch (param.type) {
    case 'fixed':
      return param.value;
    case 'float':
    case 'int':
    case 'categorical':
    case 'bool':
      return param.default ?? sampleParam(param, 0.5);
  }
}
