// Docker's raw words when a build's FROM image is neither on the host nor pullable ("dial tcp:
// lookup registry-1.docker.io … no such host"), turned into which image, why, and what to do.

/** What to say instead, when the failing step was a FROM whose image could not be pulled. */
export interface PullFailure {
  message: string;
  hint: string;
}

const FROM_STEP = /^Step \d+\/\d+ : FROM\s+(?:--\S+\s+)*(\S+)/i;
const UNREACHABLE =
  /dial tcp|no such host|i\/o timeout|TLS handshake|connection refused|network is unreachable|context deadline exceeded|Client\.Timeout/i;
const UNKNOWN =
  /pull access denied|manifest unknown|not found|repository does not exist|unauthorized/i;

/** The better message for `failure` after the step line `lastStep`, or null when it is not a pull. */
export function describePullFailure(
  lastStep: string | undefined,
  failure: string,
): PullFailure | null {
  const image = FROM_STEP.exec(lastStep ?? '')?.[1];
  if (image === undefined) return null;
  const local =
    `build or load ${image} on this host first (\`docker images\` lists what is here; ` +
    '`docker load -i image.tar` takes one saved elsewhere with `docker save`)';
  if (UNREACHABLE.test(failure)) {
    return {
      message: `the base image ${image} is not on this host and no registry answered (${failure})`,
      hint: `${local}, or give Docker a registry mirror it can reach ("registry-mirrors" in /etc/docker/daemon.json)`,
    };
  }
  if (UNKNOWN.test(failure)) {
    return {
      message: `the base image ${image} is not on this host and the registry has no such image (${failure})`,
      hint: `check the name and tag in the Dockerfile's FROM line, ${local}, or \`docker login\` if the registry needs one`,
    };
  }
  return null;
}
