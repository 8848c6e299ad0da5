// Splits an SSH exec string into argv the way a POSIX shell splits words, and does nothing else:
// no variables, globs, pipes or redirections, because no shell ever sees the string.
import { MypaasError } from '../../core/errors.js';

/** The longest exec string accepted; real commands are a few dozen characters. */
export const MAX_COMMAND_LENGTH = 16 * 1024;

/** The words of `line`: whitespace separates, '…' is literal, "…" and \ escape as in sh. */
export function splitCommandLine(line: string): string[] {
  if (line.length > MAX_COMMAND_LENGTH) {
    throw refused(
      `the command is ${line.length} characters long; the limit is ${MAX_COMMAND_LENGTH}`,
    );
  }
  if ([...line].some(isControl)) throw refused('the command holds control characters');
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const append = (text: string) => {
    word = (word ?? '') + text;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== null) words.push(word);
      word = null;
      i += 1;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw refused('a single quote is not closed');
      append(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      const { text, next } = doubleQuoted(line, i + 1);
      append(text);
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw refused('the command ends with a backslash');
      append(line[i + 1] as string);
      i += 2;
    } else {
      append(c);
      i += 1;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

// Inside "…" a backslash escapes only " \ $ and `, as in sh; elsewhere it stays.
function doubleQuoted(line: string, start: number): { text: string; next: number } {
  let text = '';
  for (let i = start; i < line.length; i += 1) {
    const c = line[i] as string;
    if (c === '"') return { text, next: i + 1 };
    const escaped = line[i + 1];
    if (c === '\\' && escaped !== undefined && '"\\$`'.includes(escaped)) {
      text += escaped;
      i += 1;
    } else text += c;
  }
  throw refused('a double quote is not closed');
}

// Tabs and newlines separate words; every other control character is refused.
function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return (code < 32 && c !== '\t' && c !== '\n') || code === 127;
}

function refused(message: string): MypaasError {
  return new MypaasError('COMMAND_REFUSED', message, {
    hint: 'quote arguments as in sh; the daemon runs no shell, so pipes and variables do nothing',
  });
}
