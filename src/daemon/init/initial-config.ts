// The config.toml `server init` writes on a fresh host: the documented example, with the proxy
// driver and Let's Encrypt email filled in.
import type { ProxyDriver } from '../../config/schema.js';

/** The example's text with `driver` and `email` set (uncommented) under [proxy]. Pure. */
export function renderInitialConfig(
  example: string,
  choices: { driver: ProxyDriver; email: string },
): string {
  return example
    .replace(/^# driver = ".*"$/m, `driver = "${choices.driver}"`)
    .replace(/^# email = ".*"$/m, `email = ${JSON.stringify(choices.email)}`);
}

/** The `[proxy] driver` a config.toml text sets, or undefined when it keeps the default. */
export function configuredDriver(text: string): string | undefined {
  const proxy = /^\[proxy\]\s*$([\s\S]*?)(^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  return /^driver\s*=\s*"([^"]*)"/m.exec(proxy)?.[1];
}
