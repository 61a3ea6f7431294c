import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '@mm/config';
import type { ReminderKind } from '@mm/queue';
import { createTransport, type Transporter } from 'nodemailer';

export interface ReminderMail {
  to: string;
  schoolName: string;
  year: number;
  quarter: number;
  kind: ReminderKind;
  /** YYYY-MM-DD */
  deadline: string;
}

/** Reminder e-mails over SMTP_URL, in Russian. Without SMTP_URL there is no mail: reminders stay in the app. */
@Injectable()
export class ReminderMailer implements OnApplicationShutdown {
  private readonly logger = new Logger(ReminderMailer.name);
  private readonly transport?: Transporter;

  constructor(private readonly env: Environment) {
    if (env.SMTP_URL) this.transport = createTransport(env.SMTP_URL);
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  /** Sends one reminder; false when the server refused it (logged without the address). */
  async send(mail: ReminderMail): Promise<boolean> {
    if (!this.transport) return false;
    try {
      await this.transport.sendMail({ from: this.env.SMTP_FROM, to: mail.to, ...reminderText(mail) });
      return true;
    } catch (error) {
      this.logger.warn(`a reminder e-mail was not accepted: ${(error as Error).message}`);
      return false;
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

const russianDate = (iso: string) => iso.split('-').reverse().join('.');

export function reminderText(mail: Omit<ReminderMail, 'to'>): { subject: string; text: string } {
  const period = `${mail.quarter} квартал ${mail.year} г.`;
  const subject =
    mail.kind === 'DEADLINE_SOON'
      ? `Напоминание: срок сдачи отчёта за ${period} — ${russianDate(mail.deadline)}`
      : `Срок сдачи отчёта за ${period} истёк`;
  const text =
    mail.kind === 'DEADLINE_SOON'
      ? `Здравствуйте!\n\nОтчёт о наставничестве школы «${mail.schoolName}» за ${period} ещё не отправлен. Срок сдачи — ${russianDate(mail.deadline)}.\n\nМониторинг наставничества`
      : `Здравствуйте!\n\nСрок сдачи отчёта о наставничестве за ${period} (${russianDate(mail.deadline)}) истёк, а отчёт школы «${mail.schoolName}» не отправлен. Отправьте его как можно скорее.\n\nМониторинг наставничества`;
  return { subject, text };
}
