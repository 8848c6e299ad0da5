// `KEY=VALUE` as `server env SERVICE set` takes it, locally and over SSH alike.
import { MypaasError } from './errors.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Splits one pair; PORT and MYPAAS_* are refused because mypaas sets them itself. */
export function parseEnvPair(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  const key = eq < 0 ? pair : pair.slice(0, eq);
  if (eq < 0 || !KEY.test(key) || key === 'PORT' || key.startsWith('MYPAAS_')) {
    throw new MypaasError(
      'USAGE',
      `${JSON.stringify(key)} is not a KEY=VALUE pair mypaas can set`,
      {
        hint: 'names are letters, digits and _, not PORT or MYPAAS_*; e.g. LOG_LEVEL=debug',
      },
    );
  }
  return [key, pair.slice(eq + 1)];
}
