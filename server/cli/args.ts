import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';

type Options = NonNullable<ParseArgsConfig['options']>;

// Parses a command's own arguments strictly: an unknown option or a missing value is a
// usage error (exit 2) naming the problem and the command's usage in one line.
export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.split('\n')[0]} (usage: ${usage})`, 2);
  }
}

export function usageError(usage: string): CliError {
  return new CliError(`usage: ${usage}`, 2);
}

export function wholeNumber(value: string | undefined, name: string, usage: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${name} must be a whole number from ${min} to ${max} (usage: ${usage})`, 2);
  return n;
}
