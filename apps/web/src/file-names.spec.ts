import * as fs from 'node:fs';
import * as path from 'node:path';

const WEB_SOURCE = __dirname;

/** The web app's source files (generated types left out), relative to apps/web/src. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path.relative(WEB_SOURCE, full).split(path.sep).join('/')] : [];
  });
}

/** The values a module exports (functions, classes, constants), not its types. */
function exportedValues(source: string): string[] {
  return [...source.matchAll(/^export (?:async )?(?:function|class|const|let) (\w+)/gm)].map((match) => match[1]!);
}

const components = sourceFiles(WEB_SOURCE).filter((file) => /^[A-Z]/.test(path.basename(file)));

/**
 * A component's file is named for it: `X.tsx` exports X and no other component or hook (a hook
 * or a second component gets a file of its own, so `PageHeader.tsx` cannot hide `useSchool`).
 */
describe('web file names', () => {
  it('has component files to check', () => {
    expect(components.length).toBeGreaterThan(40);
  });

  it.each(components)('%s exports the component it is named for, and no other component or hook', (file) => {
    const name = path.basename(file).replace(/\.tsx?$/, '');
    const values = exportedValues(fs.readFileSync(path.join(WEB_SOURCE, file), 'utf8'));
    expect(values).toContain(name);
    expect(values.filter((value) => value !== name && (/^[A-Z][a-z]/.test(value) || /^use[A-Z]/.test(value)))).toEqual([]);
  });
});
