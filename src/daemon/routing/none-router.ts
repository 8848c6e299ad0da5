// The `none` proxy driver: mypaas routes nothing and the user points their own proxy at containers.
import type { Router } from './router.js';

/** A router for hosts without a managed proxy, and for tests of the deploy engine alone. */
export function noneRouter(): Router {
  return {
    name: 'none',
    apply: () => Promise.resolve(),
    drain: () => Promise.resolve(),
    remove: () => Promise.resolve(),
  };
}
