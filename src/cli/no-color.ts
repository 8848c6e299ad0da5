// NO_COLOR (https://no-color.org): chalk 5 reads only FORCE_COLOR and the terminal, so it is applied here.
import chalk from 'chalk';

/** Turns colour off when NO_COLOR is set to anything but the empty string. */
export function respectNoColor(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NO_COLOR) chalk.level = 0;
}
