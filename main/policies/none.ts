import type { Policy, PolicyFactory } from './policy';
import { CONTINUE } from './views';

/** No early stopping: every trial runs to resource.max (or its own end). The baseline the others are measured against. */
export const createNonePolicy: PolicyFactory = () => {
  const policy: Policy = {
    name: 'none',
    onReport: () => CONTINUE,
    nextThaw: () => null,
    firstStop: () => null,
  };
  return policy;
};
