/**
 * What a command is to the host: its name, its help, the options it parses and what it runs.
 * Each command module exports one definition; `commands/index.ts` lists them, and the
 * dispatcher and the main help read that list, so a new command touches no host code.
 */
import type { ParseArgsConfig } from 'node:util';
import type { CommandContext, Said } from './context.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The values node:util parseArgs gives for these options: flags as booleans, the rest as strings. */
export type OptionValues<O extends OptionsConfig> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { type: 'string' } ? string : string | boolean;
};

/**
 * How many positional arguments a command takes: none, exactly one or exactly two (a subcommand
 * and its argument; `what` names them in the usage error); the dispatcher supports exactly these.
 */
export type Positionals = { min: 0; max: 0 } | { min: 1; max: 1; what: Said } | { min: 2; max: 2; what: Said };

export const NO_POSITIONALS: Positionals = { min: 0, max: 0 };

export interface CommandDef<O extends OptionsConfig = OptionsConfig> {
  name: string;
  /** The arguments shown after the name in the main help (`--total <amount>`); may be empty. */
  synopsis: Said;
  /** One line for the main help. */
  summary: Said;
  /** The full text of `<command> --help`. */
  help: Said;
  /** The command's own options; `--lang` and `--help` are added by the dispatcher. */
  options: O;
  positionals: Positionals;
  /** Runs after parsing and the positional check; throws UsageError (exit 2) or Failure (exit 1). */
  run(ctx: CommandContext, values: OptionValues<O>, positionals: string[]): Promise<void>;
}

/** Types a definition from its options, so `run` reads `values.total` as a string without casts. */
export function defineCommand<const O extends OptionsConfig>(def: CommandDef<O>): CommandDef<O> {
  return def;
}
