// `# mypaas.publish=[ip:]hostPort:containerPort[/proto]`: a host port, as Docker's --publish.
import { accept, reject, wholeNumber, type RuleResult } from './rule.js';

const SHAPE =
  /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?([\d-]+):([\d-]+)(?:\/(tcp|udp|sctp))?$/;

/** Checks a port publication; returns it unchanged (Docker's own syntax is the normal form). */
export function checkPublish(value: string): RuleResult<string> {
  const match = SHAPE.exec(value);
  if (!match) return reject('must be [ip:]hostPort:containerPort[/tcp|udp|sctp]');
  const [, ip, host = '', container = ''] = match;
  if (ip !== undefined && !ip.startsWith('[') && !ip.split('.').every((n) => Number(n) <= 255)) {
    return reject(`has "${ip}" as address, which is not an IPv4 address`);
  }
  const hostPorts = portRange(host);
  const containerPorts = portRange(container);
  if (hostPorts === undefined || containerPorts === undefined) {
    return reject('has a port that is not a number from 1 to 65535 (or a range like 8000-8010)');
  }
  if (hostPorts !== containerPorts) return reject('maps port ranges of different lengths');
  return accept(value);
}

/** The host-side ports a publish entry claims, for spotting two entries that claim the same. */
export function hostPortKey(publish: string): string {
  const parts = publish.split('/');
  const proto = parts[1] ?? 'tcp';
  const hostSide = (parts[0] ?? '').split(':').slice(-2, -1)[0] ?? '';
  return `${hostSide}/${proto}`;
}

function portRange(text: string): number | undefined {
  const [from = '', to = from, extra] = text.split('-');
  if (extra !== undefined) return undefined;
  const a = wholeNumber(from, 1, 65535);
  const b = wholeNumber(to, 1, 65535);
  return a === undefined || b === undefined || b < a ? undefined : b - a + 1;
}
