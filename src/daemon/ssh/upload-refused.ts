// How an upload is refused: one error code, a reason naming the entry, and a hint that says how
// to send an upload that is accepted.
import { MypaasError } from '../../core/errors.js';

const SEND_A_TAR =
  'send a tar (or tar.gz) of the app directory, e.g. tar -cz -C ./app . | ssh -p 2222 deploy@host push';

/** The hint for links that lead out of the upload. */
export const NO_LINKS_OUT =
  'replace the link with a copy of what it points to, or leave it out of the upload (.dockerignore for mypaas push)';

/** An upload refusal (UPLOAD_REFUSED). */
export function refused(reason: string, hint = SEND_A_TAR): MypaasError {
  return new MypaasError('UPLOAD_REFUSED', `upload refused: ${reason}`, { hint });
}

/** A name from the archive as an error shows it: quoted, and cut to 120 characters. */
export function quote(text: string): string {
  const cut = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return JSON.stringify(cut);
}
