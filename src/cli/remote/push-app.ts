// `mypaas push`: stream the app directory to the daemon, show the upload, then the build and deploy live.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MypaasError } from '../../core/errors.js';
import type { DeployOutput } from '../../daemon/deploy/deploy-output.js';
import { readDockerfile } from '../../parse/read-dockerfile.js';
import { contextRules } from './context-rules.js';
import { measureContext } from './context-walk.js';
import { execCommand } from './exec-command.js';
import { packDirectory } from './pack-directory.js';
import { uploadProgress } from './progress.js';
import { callData, remoteCall } from './remote-call.js';
import { withSession, type SessionOptions } from './remote-session.js';

/** What to push where. */
export interface PushRequest {
  server: string;
  dir: string;
  env: string;
}

/** Where the push writes: events, `line` output, stderr (the progress line goes there on a TTY). */
export interface PushIo {
  deploy: DeployOutput;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** Uploads `dir`, waits for the deploy, and returns the result's data; a failed deploy throws. */
export async function pushApp(
  request: PushRequest,
  io: PushIo,
  session: SessionOptions = {},
): Promise<unknown> {
  const root = resolve(request.dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new MypaasError('USAGE', `${request.dir} is not a directory`, {
      hint: 'push the app directory, the one holding the Dockerfile: mypaas push SERVER ./app',
    });
  }
  const { text } = await readDockerfile(root);
  const rules = await contextRules(root, text);
  return withSession(request.server, session, async (client, target) => {
    const packed = await packDirectory(root, rules, (path, why) =>
      io.deploy.warn(`not sent: ${path} (${why})`),
    );
    const progress = uploadProgress(io.stderr, () => ({ ...packed.stats, sent: packed.sent() }));
    // The bar's total costs a second walk of the directory: only worth it when a bar is drawn.
    if (io.stderr.isTTY)
      measureContext(root, rules).then(
        (total) => progress.setTotal(total.bytes),
        () => {},
      );
    packed.stream.once('end', () => progress.finish());
    const outcome = await remoteCall(client, {
      command: execCommand(['push', '--env', request.env]),
      stdin: packed.stream,
      output: {
        deploy: io.deploy,
        line: (line) => io.stdout.write(`${line}\n`),
        stderr: (chunk) => io.stderr.write(chunk),
        beforeWrite: () => progress.clear(),
      },
    });
    progress.stop();
    const local = await packed.done.then(
      () => undefined,
      (err: unknown) => err,
    );
    // A file that could not be sent explains a failed push better than the daemon's view of it,
    // and an upload that stopped half-way is never a success, whatever the other end says.
    if (local instanceof MypaasError) throw local;
    return callData(outcome, 'push', target.label);
  });
}
