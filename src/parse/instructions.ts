// Reads a Dockerfile's instructions as Docker does: parser directives, comments, and lines joined
// at the escape character. Pure and linear; used where mypaas must know what a build will use.
import { splitLines } from './directives.js';

/** One instruction: its keyword upper-cased, the rest joined from its lines, and where it began. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

const DIRECTIVE = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S*)\s*$/;
const COMMENT = /^\s*#/;

/** Every instruction of `text`, in order. */
export function readInstructions(text: string): Instruction[] {
  const lines = splitLines(text);
  const escape = escapeChar(lines);
  const found: Instruction[] = [];
  let parts: string[] = [];
  let start = 0;
  lines.forEach((content, index) => {
    // Comment lines are dropped, even between the lines of one instruction.
    if (COMMENT.test(content)) return;
    if (parts.length === 0) {
      if (content.trim() === '') return;
      start = index + 1;
    }
    const trimmed = content.trimEnd();
    if (trimmed.endsWith(escape)) {
      parts.push(trimmed.slice(0, -1));
      return;
    }
    parts.push(content);
    found.push(toInstruction(parts.join(' '), start));
    parts = [];
  });
  if (parts.length > 0) found.push(toInstruction(parts.join(' '), start));
  return found;
}

// `# escape=`` ` among the parser directives at the very top; `\` otherwise.
function escapeChar(lines: readonly string[]): string {
  for (const line of lines) {
    const match = DIRECTIVE.exec(line);
    if (!match) break;
    if ((match[1] ?? '').toLowerCase() === 'escape' && (match[2] === '`' || match[2] === '\\')) {
      return match[2];
    }
  }
  return '\\';
}

function toInstruction(text: string, line: number): Instruction {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  const keyword = (space === -1 ? trimmed : trimmed.slice(0, space)).toUpperCase();
  return { keyword, args: space === -1 ? '' : trimmed.slice(space).trim(), line };
}
