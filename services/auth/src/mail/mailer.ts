// How auth sends mail. Production: SMTP through nodemailer (SMTP_URL). Standalone without SMTP: each
// message is written as a 0600 JSON file under <DATA_DIR>/mailbox/, for the machine's operator (who
// can read the folder anyway); the console API only summarises them (mailbox.controller.ts), never
// with their text, which carries working links. Neither implementation logs a message body.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { z } from 'zod';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Set when the text carries a link: when it stops working. */
  linkExpiresAt?: string;
}

export interface StoredMail extends MailMessage {
  id: string;
  at: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const MAILER = Symbol('MAILER');

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  close(): void {
    this.transport.close();
  }
}

const storedMailSchema = z.object({
  id: z.string(),
  at: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  linkExpiresAt: z.string().optional(),
});

export class MailboxMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const at = new Date().toISOString();
    const id = `${at.replace(/[:.]/g, '-')}-${randomUUID()}`;
    const stored: StoredMail = { id, at, ...message };
    await writeFile(join(this.dir, `${id}.json`), JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
  }

  /** Newest first, at most `limit`; whole messages, for this process only (never an API answer). */
  async list(limit: number): Promise<StoredMail[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const newest = names.sort().reverse().slice(0, limit);
    const mails: StoredMail[] = [];
    for (const name of newest) {
      const parsed = storedMailSchema.safeParse(JSON.parse(await readFile(join(this.dir, name), 'utf8')));
      if (parsed.success) mails.push(parsed.data);
    }
    return mails;
  }

  close(): void {
    // Nothing to release.
  }
}
