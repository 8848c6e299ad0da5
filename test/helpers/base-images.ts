// Base images for tests, made locally because no registry is reachable.
import type Docker from 'dockerode';
import { ensureBusyboxImage as ensure } from '../../src/daemon/runtime/busybox-image.js';

/** The repository test images build FROM, apart from the product's own `mypaas/busybox`. */
export const BUSYBOX_REPO = 'mypaas-test/busybox';

/** A busybox image to build test images FROM, imported once per machine and reused after that. */
export function ensureBusyboxImage(docker: Docker): Promise<string> {
  return ensure(docker, BUSYBOX_REPO);
}
