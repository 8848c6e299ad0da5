// `push`: the daemon's side of `mypaas push` and of `tar -cz -C app . | ssh host push`.
import { render } from '../../../core/render-results.js';
import { pushOperation } from '../../operations/push.js';
import { envOf } from '../command-args.js';
import { invoke, type CommandSpec } from '../command.js';

/** The words of the push operation: the archive comes on stdin. */
export const pushCommand: CommandSpec = {
  name: 'push',
  usage: 'push [--env NAME] < app.tar (or .tar.gz)',
  summary: 'deploy the app directory sent on stdin; exits 0 only when it is live',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [0, 0],
  readsInput: true,
  invocation: ({ args, input, daemon }) =>
    invoke(pushOperation, { input, env: envOf(args), daemon }, render.live),
};
