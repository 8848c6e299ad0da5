// Carries out a SwapPlan: start, prove healthy, route, drain, retire. Old containers are only
// touched once the new ones serve; any failure before that leaves the old release serving.
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerInfo, ContainerRuntime } from '../runtime/container-runtime.js';
import type { Route, Router } from '../routing/router.js';
import type { DeployOutput } from './deploy-output.js';
import type { SwapPlan } from './plan-swap.js';

/** The ports and settings a swap needs. */
export interface SwapPorts {
  runtime: ContainerRuntime;
  router: Router;
  network: string;
  drainTimeoutMs: number;
  stopTimeoutMs: number;
  /** Resolves when the container answers its health check; throws HEALTHCHECK_FAILED. */
  gate: (container: ContainerInfo) => Promise<void>;
  /** The route for a set of containers (urls of the new release, their addresses). */
  routeTo: (containers: ContainerInfo[]) => Route;
  /** Records progress so a crash can be recovered from: start, gate, route, drain, cleanup. */
  step: (step: SwapStep) => void;
  output: DeployOutput;
}

/** The recorded stages of a swap, in order. */
export type SwapStep = 'stop-old' | 'start' | 'gate' | 'route' | 'drain' | 'cleanup';

/** Runs the plan; returns the new containers, now serving. */
export async function applySwap(plan: SwapPlan, ports: SwapPorts): Promise<ContainerInfo[]> {
  return plan.strategy === 'rolling' ? rolling(plan, ports) : stopFirst(plan, ports);
}

async function rolling(plan: SwapPlan, ports: SwapPorts): Promise<ContainerInfo[]> {
  const started: ContainerInfo[] = [];
  let routed = false;
  try {
    await startAll(plan.start, started, ports);
    await gateAll(started, ports);
    ports.step('route');
    routed = true;
    await ports.router.apply(ports.routeTo(started));
  } catch (err) {
    await removeAll(started, ports);
    if (routed) await restoreRoute(plan.retire, ports);
    throw err;
  }
  await retire(plan.retire, ports);
  return started;
}

async function stopFirst(plan: SwapPlan, ports: SwapPorts): Promise<ContainerInfo[]> {
  const started: ContainerInfo[] = [];
  ports.step('stop-old');
  // At once, not one after another: each may take the whole stop timeout.
  await Promise.all(
    plan.retire.map((old) => {
      ports.output.step(`stopping ${old.name}`);
      return ports.runtime.stopContainer(old.id, ports.stopTimeoutMs);
    }),
  );
  try {
    await startAll(plan.start, started, ports);
    await gateAll(started, ports);
    ports.step('route');
    await ports.router.apply(ports.routeTo(started));
  } catch (err) {
    await removeAll(started, ports);
    await restartOld(plan.retire, ports);
    throw err;
  }
  ports.step('cleanup');
  await removeAll(plan.retire, ports);
  return started;
}

async function startAll(
  options: ContainerCreateOptions[],
  started: ContainerInfo[],
  ports: SwapPorts,
): Promise<void> {
  ports.step('start');
  const results = await Promise.allSettled(
    options.map(async (create) => {
      ports.output.step(`starting ${create.name ?? 'container'}`);
      const id = await ports.runtime.createContainer(create);
      const placeholder = { id, name: create.name ?? id } as ContainerInfo; // known now, for cleanup
      started.push(placeholder);
      await ports.runtime.startContainer(id);
      const info = await ports.runtime.inspectContainer(id, ports.network);
      if (info) started[started.indexOf(placeholder)] = info;
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  started.sort((a, b) => a.replica - b.replica);
}

async function gateAll(started: ContainerInfo[], ports: SwapPorts): Promise<void> {
  ports.step('gate');
  ports.output.step(
    `waiting for ${started.length} container${started.length === 1 ? '' : 's'} to answer the health check`,
  );
  await Promise.all(started.map((c) => ports.gate(c)));
}

// Traffic has switched: the deployment is live whatever happens here, so retiring is
// best-effort — each old container gets RETIRE_ATTEMPTS tries, and what is left is a warning
// (the next deploy of the service removes it; see removeLeftovers in swap-in-release.ts).
async function retire(old: ContainerInfo[], ports: SwapPorts): Promise<void> {
  if (old.length === 0) return;
  ports.step('drain');
  const route = ports.routeTo(old);
  ports.output.step(`draining ${old.length} old container${old.length === 1 ? '' : 's'}`);
  await ports.router.drain(route, route.upstreams, ports.drainTimeoutMs).catch((err: unknown) => {
    ports.output.warn(
      `drain did not finish cleanly (${String(err)}); stopping the old containers anyway`,
    );
  });
  ports.step('cleanup');
  await Promise.all(old.map((c) => retireOne(c, ports)));
}

/** How often stopping and removing one old container is tried before it is left for later. */
export const RETIRE_ATTEMPTS = 3;

async function retireOne(c: ContainerInfo, ports: SwapPorts): Promise<void> {
  let last: unknown;
  for (let attempt = 1; attempt <= RETIRE_ATTEMPTS; attempt++) {
    try {
      await ports.runtime.stopContainer(c.id, ports.stopTimeoutMs);
      await ports.runtime.removeContainer(c.id);
      return;
    } catch (err) {
      last = err;
    }
  }
  ports.output.warn(
    `could not retire the old container ${c.name} after ${RETIRE_ATTEMPTS} tries ` +
      `(${String(last)}); the new release is live, and the next deploy removes it`,
  );
}

async function removeAll(containers: ContainerInfo[], ports: SwapPorts): Promise<void> {
  for (const c of containers) {
    await ports.runtime.removeContainer(c.id).catch((err: unknown) => {
      ports.output.warn(`could not remove ${c.name}: ${String(err)}`);
    });
  }
}

async function restoreRoute(old: ContainerInfo[], ports: SwapPorts): Promise<void> {
  await ports.router.apply(ports.routeTo(old)).catch((err: unknown) => {
    ports.output.warn(`could not route back to the previous release: ${String(err)}`);
  });
}

async function restartOld(old: ContainerInfo[], ports: SwapPorts): Promise<void> {
  if (old.length === 0) return;
  ports.output.step('starting the previous release again');
  const back: ContainerInfo[] = [];
  for (const c of old) {
    try {
      await ports.runtime.startContainer(c.id);
      const info = (await ports.runtime.inspectContainer(c.id, ports.network)) ?? c;
      await ports.gate(info);
      back.push(info);
    } catch (err) {
      ports.output.warn(`the previous container ${c.name} did not come back: ${String(err)}`);
    }
  }
  await restoreRoute(back, ports);
}
