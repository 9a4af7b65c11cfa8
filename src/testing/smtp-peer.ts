// A real SMTP server (smtp-server) on a free loopback port for tests: it keeps what it accepts, and
// `refuse` decides, per DATA, to answer with an error instead (e.g. 550 for an unknown mailbox).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpPeer {
  port: number;
  /** Raw messages the peer accepted. */
  received: string[];
  /** DATA commands seen, accepted or not. */
  dataAttempts: number;
  /** Decides the reply to the n-th DATA (1-based): an error to refuse it, undefined to accept. */
  refuse: (attempt: number) => Error | undefined;
  close(): Promise<void>;
}

export function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpPeer(port = 0): Promise<SmtpPeer> {
  const peer: SmtpPeer = {
    port,
    received: [],
    dataAttempts: 0,
    refuse: () => undefined,
    close: async () => {},
  };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        peer.dataAttempts += 1;
        const error = peer.refuse(peer.dataAttempts);
        if (error) return callback(error);
        peer.received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  peer.port = (server.server.address() as AddressInfo).port;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}
