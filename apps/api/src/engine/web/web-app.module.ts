import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Environment } from '@mm/config';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';

/** Paths that belong to the API: never answered with the web app's index.html. */
const API_PREFIXES = ['/graphql', '/health', '/exports'];

/**
 * The built web app: WEB_DIR when set, else `npm run build:web`'s dist/web, looked up beside the
 * compiled API (dist/apps/api/src/engine/web → dist/web) and beside the sources (ts-node, tests).
 */
export function findWebRoot(configured?: string, from: string = __dirname): string | undefined {
  const candidates = configured
    ? [path.resolve(configured)]
    : [path.resolve(from, '../../../../../web'), path.resolve(from, '../../../../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

// The app loads nothing from elsewhere (closed networks): the policy says so, and blocks injected
// third-party scripts. Inline styles are allowed because the chart library sets style attributes.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function isApiPath(url: string): boolean {
  return API_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`));
}

/**
 * Serves the single-page web app from the API's own origin (production and the embedded default):
 * hashed assets with long caching, and index.html for any other browser navigation that is not an
 * API path, so client-side routes survive a reload. Without a build it serves nothing and says so.
 */
@Module({})
export class WebAppModule implements OnModuleInit {
  private readonly logger = new Logger('WebApp');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!(adapter instanceof ExpressAdapter)) return;
    const root = findWebRoot(this.env.WEB_DIR);
    if (!root) {
      this.logger.log(
        this.env.WEB_DIR
          ? `no web app in WEB_DIR ${this.env.WEB_DIR}: serving the API only`
          : 'web app not built (npm run build:web): serving the API only',
      );
      return;
    }
    const indexHtml = readFileSync(path.join(root, 'index.html'));
    adapter.useStaticAssets(root, {
      index: false,
      fallthrough: true,
      setHeaders: (res: ServerResponse, file: string) => {
        const hashed = file.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    });
    adapter.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      const url = req.url ?? '/';
      const pathname = url.split('?')[0]!;
      const wantsPage =
        (req.method === 'GET' || req.method === 'HEAD') &&
        !isApiPath(url) &&
        !pathname.startsWith('/assets/') &&
        !path.extname(pathname) &&
        (req.headers.accept ?? '').includes('text/html');
      if (!wantsPage) return next();
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'same-origin');
      res.end(req.method === 'HEAD' ? undefined : indexHtml);
    });
    this.logger.log(`web app served from ${root}`);
  }
}
