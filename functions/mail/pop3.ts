// A small POP3 client (RFC 1939, STLS of RFC 2595): the maintained npm clients lack STARTTLS, which /tls requires.
import net from 'node:net';
import tls from 'node:tls';
import { serverName, type PinnedConnection } from './connection';

export interface Pop3Session {
  secure: boolean;
  certificateSubject?: string;
  count(): Promise<number>;
  uidl(): Promise<{ number: number; uid: string }[]>;
  /** Each message's size in octets (LIST), known before it is retrieved. */
  list(): Promise<Map<number, number>>;
  /** The message as it arrives, dot-unstuffed, in chunks: never held whole. */
  retrieve(number: number): AsyncGenerator<Buffer>;
  remove(number: number): Promise<void>;
  quit(): Promise<void>;
}

class Pop3Error extends Error {
  constructor(message: string, readonly stage: 'connect' | 'tls' | 'auth' | 'mailbox', readonly authenticationFailed = false) {
    super(message);
    this.name = 'Pop3Error';
  }
}

/** Past this much unread input the socket is paused, so a fast server cannot fill the memory. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

/** Reads CRLF-terminated responses from a socket, single-line or dot-terminated multi-line. */
class Reader {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(private socket: net.Socket, private timeoutMs: number) {
    this.attach(socket);
  }

  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      if (this.buffer.length > HIGH_WATER_BYTES) socket.pause();
      this.waiting?.();
    });
    socket.on('error', (error) => {
      this.failure = error;
      this.waiting?.();
    });
    socket.on('close', () => {
      this.failure ??= new Error('The server closed the connection.');
      this.waiting?.();
    });
  }

  detach(): void {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
  }

  private async until(test: () => number): Promise<Buffer> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const end = test();
      if (end >= 0) {
        const out = this.buffer.subarray(0, end);
        this.buffer = this.buffer.subarray(end);
        return out;
      }
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw Object.assign(new Error('timeout waiting for the POP3 server'), { code: 'ETIMEOUT' });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          this.waiting = null;
          resolve();
        };
      });
    }
  }

  async line(): Promise<string> {
    const raw = await this.until(() => {
      const i = this.buffer.indexOf('\r\n');
      return i < 0 ? -1 : i + 2;
    });
    return raw.toString('latin1').replace(/\r\n$/, '');
  }

  async multiline(): Promise<Buffer> {
    const raw = await this.until(() => {
      if (this.buffer.subarray(0, 3).equals(Buffer.from('.\r\n'))) return 3;
      const i = this.buffer.indexOf('\r\n.\r\n');
      return i < 0 ? -1 : i + 5;
    });
    const body = raw.length === 3 ? Buffer.alloc(0) : raw.subarray(0, raw.length - 3);
    return unstuff(body);
  }

  /**
   * A dot-terminated answer chunk by chunk, as it arrives: lines are unstuffed (RFC 1939 §3) and the
   * terminating line is consumed. Only the bytes of one read are held.
   */
  async *chunks(): AsyncGenerator<Buffer> {
    let atLineStart = true;
    for (;;) {
      // Three bytes decide a line's start: the end (".\r\n"), a stuffed dot (".."), or data.
      await this.until(() => (this.buffer.length >= (atLineStart ? 3 : 1) ? 0 : -1));
      const buf = this.buffer;
      const out: Buffer[] = [];
      let pos = 0;
      let ended = false;
      while (pos < buf.length) {
        if (atLineStart) {
          if (buf.length - pos < 3) break;
          if (buf[pos] === 0x2e && buf[pos + 1] === 0x0d && buf[pos + 2] === 0x0a) {
            pos += 3;
            ended = true;
            break;
          }
          if (buf[pos] === 0x2e && buf[pos + 1] === 0x2e) pos++;
          atLineStart = false;
        }
        const lf = buf.indexOf(0x0a, pos);
        const end = lf < 0 ? buf.length : lf + 1;
        out.push(buf.subarray(pos, end));
        pos = end;
        atLineStart = lf >= 0;
      }
      this.buffer = buf.subarray(pos);
      this.socket.resume();
      if (out.length > 0) yield Buffer.concat(out);
      if (ended) return;
    }
  }
}

/** Removes the leading dot POP3 adds to lines that start with one (RFC 1939 §3). */
function unstuff(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/(^|\r\n)\.\./g, '$1.');
  return Buffer.from(text, 'latin1');
}

export async function openPop3(o: PinnedConnection): Promise<Pop3Session> {
  const tlsOptions = { rejectUnauthorized: o.validateCert, servername: serverName(o) };
  let socket: net.Socket = await connectSocket(o, tlsOptions);
  const reader = new Reader(socket, o.timeoutMs);
  const command = async (line: string, stage: Pop3Error['stage'] = 'connect') => {
    socket.write(line + '\r\n');
    const answer = await reader.line();
    if (!answer.startsWith('+OK')) throw new Pop3Error(answer.replace(/^-ERR\s*/, ''), stage, stage === 'auth');
    return answer;
  };
  try {
    const greeting = await reader.line().catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ETIMEOUT' ? Object.assign(new Error('no greeting from the POP3 server'), { code: 'GREETING_TIMEOUT' }) : error;
    });
    // The greeting itself is never repeated: on another service's port it would be that service's banner.
    if (!greeting.startsWith('+OK')) throw new Pop3Error('The server did not greet like a POP3 server.', 'connect');
    let secure = o.secure;
    if (!secure && o.startTls !== 'never') {
      const caps = await capabilities(socket, reader);
      if (caps.includes('STLS')) {
        await command('STLS', 'tls');
        reader.detach();
        socket = await upgrade(socket, tlsOptions);
        reader.attach(socket);
        secure = true;
      } else if (o.startTls === 'required') {
        throw new Pop3Error('The server does not offer STARTTLS (STLS), which /tls requires.', 'tls');
      }
    }
    await command(`USER ${o.user}`, 'auth');
    await command(`PASS ${o.password}`, 'auth');
    const certificateSubject = socket instanceof tls.TLSSocket ? subject(socket) : undefined;
    return {
      secure,
      certificateSubject,
      async count() {
        const stat = await command('STAT', 'mailbox');
        return Number(stat.split(' ')[1] ?? 0);
      },
      async uidl() {
        await command('UIDL', 'mailbox');
        const lines = (await reader.multiline()).toString('latin1').split('\r\n').filter(Boolean);
        return lines.map((l) => {
          const [n, uid] = l.split(' ');
          return { number: Number(n), uid: uid ?? '' };
        });
      },
      async list() {
        await command('LIST', 'mailbox');
        const lines = (await reader.multiline()).toString('latin1').split('\r\n').filter(Boolean);
        return new Map(lines.map((l) => l.split(' ').map(Number) as [number, number]));
      },
      async *retrieve(number) {
        await command(`RETR ${number}`, 'mailbox');
        yield* reader.chunks();
      },
      async remove(number) {
        await command(`DELE ${number}`, 'mailbox');
      },
      async quit() {
        try {
          await command('QUIT');
        } finally {
          socket.destroy();
        }
      },
    };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

async function capabilities(socket: net.Socket, reader: Reader): Promise<string[]> {
  socket.write('CAPA\r\n');
  const answer = await reader.line();
  if (!answer.startsWith('+OK')) return [];
  return (await reader.multiline()).toString('latin1').split('\r\n').map((l) => l.trim().toUpperCase());
}

function connectSocket(o: PinnedConnection, tlsOptions: tls.ConnectionOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    // Once connected, the reader's own deadlines apply: the socket may rest while a mail is stored.
    const connected = () => {
      socket.setTimeout(0);
      resolve(socket);
    };
    const socket: net.Socket = o.secure ? tls.connect({ host: o.address, port: o.port, ...tlsOptions }, connected) : net.connect({ host: o.address, port: o.port }, connected);
    socket.setTimeout(o.timeoutMs, () => socket.destroy(Object.assign(new Error('timeout connecting to the POP3 server'), { code: 'CONNECT_TIMEOUT' })));
    socket.once('error', reject);
  });
}

function upgrade(socket: net.Socket, tlsOptions: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secured = tls.connect({ socket, ...tlsOptions }, () => resolve(secured));
    secured.once('error', reject);
  });
}

function subject(socket: tls.TLSSocket): string | undefined {
  const cert = socket.getPeerCertificate();
  return cert?.subject ? Object.entries(cert.subject).map(([k, v]) => `${k}=${v}`).join(', ') : undefined;
}
