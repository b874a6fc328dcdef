import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { contentTypeOf } from '../util/content-types';

// Serves a built renderer folder: files under it, index.html for page routes (so a reload on
// /customers works), 404 for anything else. Never a path outside the folder.
export function staticFiles(dir: string, headers: Record<string, string>): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void {
  const root = path.resolve(dir);
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      if (path.extname(rel)) {
        res.writeHead(404).end();
        return;
      }
      file = path.join(root, 'index.html');
    }
    const type = contentTypeOf(file);
    // Hashed assets may be cached; the page itself must not be, or a rebuild would not show.
    const cache = file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable';
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': cache });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  };
}
