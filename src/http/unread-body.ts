/**
 * A request body nobody will read (the answer went out before it: 401, 413, 404…) is discarded as it
 * arrives, but only for so long: once the answer has gone, the rest may take `ms` and `bytes` at most,
 * then the connection is cut. The linger lets the caller read the answer before the socket closes (a
 * close with unread bytes resets the connection, and a reset can lose the answer on the caller's side);
 * the bound keeps a caller from making Cordon drain hundreds of megabytes. A body that ends in time
 * leaves the connection open for the next request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LingerBound {
  readonly ms: number;
  readonly bytes: number;
}

export function boundUnreadBody(req: IncomingMessage, res: ServerResponse, bound: LingerBound): void {
  req.resume();
  res.once('finish', () => {
    if (req.complete || req.socket.destroyed) return;
    let seen = 0;
    const stop = () => {
      clearTimeout(timer);
      req.off('data', count);
    };
    const cut = () => {
      stop();
      req.socket.destroy();
    };
    const count = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > bound.bytes) cut();
    };
    const timer = setTimeout(cut, bound.ms);
    req.on('data', count);
    req.once('end', stop);
  });
}
