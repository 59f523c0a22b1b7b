import type { Param, ParamValue } from '../../shared/search-space';
import { assertNever } from '../../shared/result';
import type { Rng } from './rng';

/** Maps u in [0, 1) to a value of the parameter, on its scale (log where asked). */
export function sampleParam(param: Param, u: number): ParamValue {
  switch (param.type) {
    case 'float':
      return param.log ? Math.exp(lerp(Math.log(param.low), Math.log(param.high), u)) : lerp(param.low, param.high, u);
    case 'int': {
      // Widen by half a unit each side so both ends are as likely as any interior integer.
      const low = param.low - 0.5;
      const high = param.high + 0.5;
      const raw = param.log ? Math.exp(lerp(Math.log(Math.max(low, 1e-12)), Math.log(high), u)) : lerp(low, high, u);
      return Math.min(param.high, Math.max(param.low, Math.round(raw)));
    }
    case 'categorical': {
      const index = Math.min(param.choices.length - 1, Math.floor(u * param.choices.length));
      return param.choices[index] as ParamValue;
    }
    default:
      return assertNever(param);
  }
}

export function sampleWith(rng: Rng, param: Param): ParamValue {
  return sampleParam(param, rng.next());
}

function lerp(low: number, high: number, u: number): number {
  return low + (high - low) * u;
}
