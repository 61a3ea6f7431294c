import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTraversable } from './embedded-postgres';

describe('makeTraversable (embedded Postgres folders)', () => {
  function tree(): { top: string; leaf: string } {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-trav-'));
    const leaf = path.join(top, 'home', 'data');
    fs.mkdirSync(leaf, { recursive: true });
    for (const dir of [top, path.join(top, 'home'), leaf]) fs.chmodSync(dir, 0o700);
    return { top, leaf };
  }
  const mode = (dir: string) => fs.statSync(dir).mode & 0o777;

  it('changes nothing when not running as root', () => {
    const { top, leaf } = tree();
    expect(makeTraversable(leaf, 1000)).toEqual([]);
    expect([mode(top), mode(path.dirname(leaf)), mode(leaf)]).toEqual([0o700, 0o700, 0o700]);
  });

  it('as root adds only the search bit for others, only where missing (nothing made readable)', () => {
    const { top, leaf } = tree();
    const changed = makeTraversable(leaf, 0);
    expect(changed).toEqual(expect.arrayContaining([leaf, path.dirname(leaf), top]));
    expect([mode(top), mode(path.dirname(leaf)), mode(leaf)]).toEqual([0o701, 0o701, 0o701]);
    expect(changed.every((dir) => dir.startsWith(top))).toBe(true);
  });
});
