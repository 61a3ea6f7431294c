import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { FORM_CODES, FormCode, FormDefinition } from './form-definition.types';
import { FormDefinitionError, parseFormDefinition } from './form-definition.validator';

/** Environment variable pointing at the forms folder (e.g. in a container image). */
export const FORMS_DIR_ENV = 'FORMS_DIR';
const FORMS_SUBPATH = join('libs', 'reporting', 'forms');
// `target-plan.v1.json` ↔ TARGET_PLAN version 1.
const FILE_PATTERN = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)\.json$/;

export interface FormDefinitionSource {
  /** Folder of definition files; defaults to `resolveFormsDir()`. */
  readonly formsDir?: string;
}

/**
 * Finds `libs/reporting/forms`: `$FORMS_DIR` when set, else the first ancestor of this file
 * (or of the working directory) that contains it. Walking up works both from the TypeScript
 * sources and from the compiled `dist/libs/reporting/src/...`, where the JSON is not copied.
 * `from` replaces the starting points (tests use it to stand in for the compiled location).
 */
export function resolveFormsDir(from?: string): string {
  const fromEnv = process.env[FORMS_DIR_ENV];
  if (fromEnv) {
    const dir = resolve(fromEnv);
    if (!isDirectory(dir)) throw new Error(`${FORMS_DIR_ENV}=${fromEnv} is not a directory`);
    return dir;
  }
  const starts = from !== undefined ? [resolve(from)] : [__dirname, process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, FORMS_SUBPATH);
      if (isDirectory(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`Cannot find ${FORMS_SUBPATH} above ${starts.join(' or ')}; set ${FORMS_DIR_ENV}`);
}

export function formDefinitionFileName(code: FormCode, version: number): string {
  return `${code.toLowerCase().replace(/_/g, '-')}.v${version}.json`;
}

/**
 * Reads and validates a definition; the latest version of `code` when `version` is omitted.
 * Synchronous: the files are a few kilobytes, read once per export job. Not cached, so a new
 * version dropped into the folder is picked up without a restart.
 */
export function loadFormDefinition(code: FormCode, version?: number, source: FormDefinitionSource = {}): FormDefinition {
  if (!(FORM_CODES as readonly string[]).includes(code)) {
    throw new Error(`Unknown form code ${JSON.stringify(code)} (known: ${FORM_CODES.join(', ')})`);
  }
  const dir = source.formsDir ?? resolveFormsDir();
  const versions = listFiles(dir)
    .filter((file) => file.code === code)
    .map((file) => file.version);
  if (versions.length === 0) throw new Error(`No definition of form ${code} in ${dir}`);
  const wanted = version ?? Math.max(...versions);
  if (!versions.includes(wanted)) {
    throw new Error(`Form ${code} has no version ${wanted} in ${dir} (available: ${versions.sort((a, b) => a - b).join(', ')})`);
  }
  return readDefinition(join(dir, formDefinitionFileName(code, wanted)), code, wanted);
}

/** Every definition in the folder, all versions, ordered by code then version. */
export function listFormDefinitions(source: FormDefinitionSource = {}): FormDefinition[] {
  const dir = source.formsDir ?? resolveFormsDir();
  return listFiles(dir)
    .sort((a, b) => a.code.localeCompare(b.code) || a.version - b.version)
    .map((file) => readDefinition(join(dir, file.name), file.code, file.version));
}

interface DefinitionFile {
  readonly name: string;
  readonly code: FormCode;
  readonly version: number;
}

function listFiles(dir: string): DefinitionFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const match = FILE_PATTERN.exec(name);
      const code = match?.[1].toUpperCase().replace(/-/g, '_');
      if (!match || !code || !(FORM_CODES as readonly string[]).includes(code)) {
        throw new FormDefinitionError(
          join(dir, name),
          undefined,
          `file name must be <form-code>.v<version>.json with a known code (${FORM_CODES.join(', ')})`,
        );
      }
      return { name, code: code as FormCode, version: Number(match[2]) };
    });
}

function readDefinition(path: string, code: FormCode, version: number): FormDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FormDefinitionError(path, undefined, `not valid JSON (${(error as Error).message})`);
  }
  const definition = parseFormDefinition(raw, path);
  // The file name is how versions are found, so it must agree with the content.
  if (definition.code !== code) throw new FormDefinitionError(path, 'code', `"${definition.code}" does not match the file name`);
  if (definition.version !== version) throw new FormDefinitionError(path, 'version', `${definition.version} does not match the file name`);
  return definition;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
