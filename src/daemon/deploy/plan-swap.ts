// Decides how a release replaces the running one: which containers start, which retire, in what order.
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerInfo } from '../runtime/container-runtime.js';
import { containerOptions, type ReplicaInput } from './container-options.js';

/** `rolling`: new containers pass the gate before old ones leave. `stop-first`: old stop first. */
export type SwapStrategy = 'rolling' | 'stop-first';

/** Plain data: what `applySwap` will do. */
export interface SwapPlan {
  strategy: SwapStrategy;
  /** Why this strategy, in words for the deploy log. */
  reason: string;
  start: ContainerCreateOptions[];
  /** The running release's containers; they stay untouched until the new ones are serving. */
  retire: ContainerInfo[];
}

/** Plans a swap from the current containers to `replicas` of the new release. */
export function planSwap(current: ContainerInfo[], input: Omit<ReplicaInput, 'replica'>): SwapPlan {
  const scale = input.spec.scale ?? 0;
  const count = Math.max(1, scale);
  const start = Array.from({ length: count }, (_, i) =>
    containerOptions({ ...input, replica: i + 1 }),
  );
  const retire = current.filter((c) => c.deployment !== input.deploymentId);
  if (scale === 0) {
    return {
      strategy: 'stop-first',
      reason: 'scale is 0 or unset: stop the old container, then start the new one',
      start,
      retire,
    };
  }
  if (input.spec.publish.length > 0) {
    return {
      strategy: 'stop-first',
      reason: 'published host ports can be held by one container at a time',
      start,
      retire,
    };
  }
  return {
    strategy: 'rolling',
    reason: `scale ${scale}: start ${count} new, prove them healthy, then retire the old`,
    start,
    retire,
  };
}
