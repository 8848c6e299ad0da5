// Tables in a terminal: the shared text tables with bold headers.
import chalk from 'chalk';
import { textTable } from '../core/tables.js';

/** Renders rows under a bold header, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  return textTable(header, rows, (text) => chalk.bold(text));
}

/** The header style of tables drawn in a terminal. */
export const bold = (text: string): string => chalk.bold(text);

export { durationText as took, timeText as when } from '../core/tables.js';
