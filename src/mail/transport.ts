// The mail transport port: how one outbox row leaves the system. SMTP in deployments; the dev mailbox
// (the outbox row and its readable copy, shown at /dev/mailbox) when no SMTP_URL is set.
import { createTransport } from 'nodemailer';
import type { NodemailerError } from 'nodemailer';

export interface OutgoingMail {
  /** The outbox row id; becomes the Message-ID so a resend can be recognised as the same message. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

export type TransportName = 'smtp' | 'dev-mailbox';

export interface MailTransport {
  readonly name: TransportName;
  /** Resolves once the peer has accepted the message; throws MailDeliveryError otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  /** Releases connections; safe to call more than once. */
  close(): void;
}

export class MailDeliveryError extends Error {
  /** True when retrying the same message cannot succeed (the peer refused it for good). */
  readonly permanent: boolean;
  readonly responseCode: number | undefined;

  constructor(message: string, options: { permanent: boolean; responseCode?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'MailDeliveryError';
    this.permanent = options.permanent;
    this.responseCode = options.responseCode;
  }
}

export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@open-gmis>`;
}

/** Sorts a nodemailer failure into "try again later" and "never". */
export function classifySmtpError(err: unknown): MailDeliveryError {
  const e = err as NodemailerError;
  const message = e?.response ?? e?.message ?? String(err);
  if (typeof e?.responseCode === 'number') {
    // Bad credentials are the operator's problem, not the message's: keep the mail until it is fixed.
    const permanent = e.code === 'EAUTH' ? false : (e.permanent ?? e.responseCode >= 500);
    return new MailDeliveryError(message, { permanent, responseCode: e.responseCode, cause: err });
  }
  // An envelope nodemailer itself rejects (no valid recipient) will be rejected again.
  if (e?.code === 'EENVELOPE') return new MailDeliveryError(message, { permanent: true, cause: err });
  // Without an SMTP reply (connection refused, timeout, TLS) nothing was refused, so it may work later.
  return new MailDeliveryError(message, { permanent: false, cause: err });
}

export function smtpTransport(smtpUrl: string, from: { name: string; address: string }): MailTransport {
  const transporter = createTransport(
    {
      url: smtpUrl,
      // A few connections kept open and reused (the worker sends that many at once): no TCP and
      // EHLO round trip per mail, which a 一括メール配信 of thousands would otherwise pay each time.
      pool: true,
      maxConnections: 4,
      maxMessages: Infinity,
      // Keep a send well inside the 60 s claim on the outbox row (nodemailer's own defaults are minutes).
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    },
    { from },
  );
  return {
    name: 'smtp',
    async send(mail) {
      try {
        await transporter.sendMail({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: messageIdFor(mail.id),
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** The outbox row, marked transport='dev-mailbox', with its readable copy (dev_body_text) is the
 * delivered mail; nothing leaves the machine. */
export function devMailboxTransport(): MailTransport {
  return {
    name: 'dev-mailbox',
    async send() {},
    close() {},
  };
}
