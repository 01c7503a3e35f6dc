// Colour for the CLI's verdict words, on a terminal only: off in pipes, files and tests, off when
// NO_COLOR is set to anything non-empty (no-color.org), on when FORCE_COLOR is set (but not to 0
// or false) even off a terminal.
export interface ColourEnv {
  NO_COLOR?: string;
  FORCE_COLOR?: string;
}

/** Whether to colour what goes to `stream`. */
export function useColour(stream: { isTTY?: boolean }, env: ColourEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase());
  return stream.isTTY === true;
}

const CODES = { red: 31, green: 32, yellow: 33 } as const;
export type Colour = keyof typeof CODES;

/** `text` in `colour` when `on`, else as it is. */
export function paint(text: string, colour: Colour, on: boolean | undefined): string {
  return on === true ? `\x1b[${CODES[colour]}m${text}\x1b[39m` : text;
}
