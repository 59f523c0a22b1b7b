import { createAshaPolicy } from './asha';
import { createFreezeThawPolicy } from './freeze-thaw';
import { createHyperbandPolicy } from './hyperband';
import { createMedianPolicy } from './median';
import { createNonePolicy } from './none';
import type { Policy, PolicyFactory, PolicyName, PolicySettings } from './policy';

/** Every policy by the name the experiment file uses. A closed record: a new policy must register here (and so joins the contract suite). */
export const POLICIES: Readonly<Record<PolicyName, PolicyFactory>> = {
  none: createNonePolicy,
  median: createMedianPolicy,
  asha: createAshaPolicy,
  hyperband: createHyperbandPolicy,
  freeze_thaw: createFreezeThawPolicy,
};

export function createPolicy(settings: PolicySettings): Policy {
  return POLICIES[settings.name](settings);
}
