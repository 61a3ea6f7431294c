import { Controller, Get, Logger, Param, Req, Res } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { CONTENT_TYPE, contentDisposition } from '@mm/stat-exports';
import { StatFormService } from './stat-form.service';

/**
 * `GET /exports/:id/download` — the file of a completed export, for a signed-in user whose scope
 * covers it (the global AuthGuard answers 401 without a token; a curator gets 403). The file is
 * served only after its size and SHA-256 match the record, and the bytes streamed are hashed again
 * on the way out: if the file changed underneath, the response is cut off rather than completed.
 * The ETag is the SHA-256, so a client holding the file gets 304.
 */
@Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
@Controller('exports')
export class StatFormDownloadController {
  private readonly logger = new Logger(StatFormDownloadController.name);

  constructor(private readonly forms: StatFormService) {}

  @Get(':id/download')
  async download(@Param('id') id: string, @Req() request: IncomingMessage, @Res() response: ServerResponse): Promise<void> {
    const { record, file, fileName, asciiFileName } = await this.forms.openDownload(id);
    const sha256 = record.sha256!.trim();
    const etag = `"${sha256}"`;
    response.setHeader('ETag', etag);
    response.setHeader('Cache-Control', 'private, no-cache');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      await file.handle.close();
      response.statusCode = 304;
      response.end();
      return;
    }
    response.statusCode = 200;
    response.setHeader('Content-Type', CONTENT_TYPE[record.format]);
    response.setHeader('Content-Length', String(file.bytes));
    response.setHeader('Content-Disposition', contentDisposition(fileName, asciiFileName));
    response.setHeader('Digest', `sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`);

    // The last chunk is held back until the whole file has hashed right, so an altered file never
    // reaches the client complete.
    const hash = createHash('sha256');
    let held: Buffer | null = null;
    const verify = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        const previous = held;
        held = chunk;
        callback(null, previous ?? undefined);
      },
      flush(callback) {
        const actual = hash.digest('hex');
        if (actual !== sha256) return callback(new Error(`export ${record.id}: streamed bytes hash to ${actual}, recorded ${sha256}`));
        callback(null, held ?? undefined);
      },
    });
    // Not awaited: the operation's transaction commits now, and no database connection is held
    // while the client downloads.
    void pipeline(file.stream(), verify, response)
      .catch((error: unknown) => {
        // Headers are out: the only honest answer left is to cut the connection (the client sees a short body).
        this.logger.warn(`download of export ${record.id} aborted: ${(error as Error).message}`);
        response.destroy();
      })
      .finally(() => file.handle.close().catch(() => undefined));
  }
}

function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const values = (Array.isArray(header) ? header.join(',') : header).split(',').map((v) => v.trim().replace(/^W\//, ''));
  return values.includes(etag) || values.includes('*');
}
