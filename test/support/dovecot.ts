// Starts a real dovecot (IMAP, IMAPS, POP3, POP3S, STARTTLS; self-signed certificate) on free loopback ports.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface Dovecot {
  host: string;
  ports: { imap: number; imaps: number; pop3: number; pop3s: number };
  user: string;
  password: string;
  stop(): void;
}

/** One mail user per test area, so that parallel test files never read each other's mailbox. */
export const MAIL_USERS = ['desk', 'mailin', 'popin', 'mailout', 'crash', 'faults', 'realworld', 'bench', 'hostile', 'hostilepop', 'health', 'identity', 'failures', 'console', 'copies', 'erase'];

export function ensureDovecot(): void {
  if (existsSync('/usr/sbin/dovecot')) return;
  if (process.getuid?.() !== 0) throw new Error('dovecot is missing. Install it with: sudo apt-get install -y dovecot-imapd dovecot-pop3d');
  execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd dovecot-pop3d'], { stdio: 'inherit' });
}

/** `ssl` off gives a server that offers no STARTTLS at all, to test /tls refusals. */
export async function startDovecot(dir: string, options: { ssl?: boolean } = {}): Promise<Dovecot> {
  ensureDovecot();
  const ssl = options.ssl ?? true;
  mkdirSync(join(dir, 'run'), { recursive: true });
  mkdirSync(join(dir, 'mail'), { recursive: true });
  chmodSync(join(dir, 'mail'), 0o777);
  chownSync(join(dir, 'mail'), 65534, 65534);
  const ports = { imap: await freePort(), imaps: await freePort(), pop3: await freePort(), pop3s: await freePort() };
  const user = 'desk';
  const password = randomBytes(12).toString('hex');
  if (ssl) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=mail.shopdesk.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  }
  writeFileSync(join(dir, 'passwd'), MAIL_USERS.map((u) => `${u}:{PLAIN}${password}::::::\n`).join(''));
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = ${ssl ? 'yes' : 'no'}
${ssl ? `ssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem` : ''}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
pop3_uidl_format = %08Xu%08Xv
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = ${ssl ? ports.imaps : 0}
    ${ssl ? 'ssl = yes' : ''}
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    port = ${ports.pop3}
  }
  inet_listener pop3s {
    port = ${ssl ? ports.pop3s : 0}
    ${ssl ? 'ssl = yes' : ''}
  }
}
service anvil {
  chroot =
}
`;
  const confPath = join(dir, 'dovecot.conf');
  writeFileSync(confPath, conf);
  // dovecot forks into the background: its stdio must not be a pipe that spawnSync would wait on.
  const started = spawnSync('/usr/sbin/dovecot', ['-c', confPath], { stdio: 'ignore' });
  if (started.status !== 0) throw new Error(`dovecot did not start: ${readLog(dir)}`);
  await waitForPort(ports.imap);
  const stop = () => {
    spawnSync('/usr/bin/doveadm', ['-c', confPath, 'stop'], { stdio: 'ignore' });
  };
  // dovecot runs as a daemon: make sure an interrupted run does not leave it behind.
  process.once('exit', stop);
  return { host: '127.0.0.1', ports, user, password, stop };
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'dovecot.log'), 'utf8').slice(-500);
  } catch {
    return '';
  }
}

async function waitForPort(port: number): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot is not listening on ${port}`);
}
