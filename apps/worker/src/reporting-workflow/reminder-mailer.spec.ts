import { loadEnvironment } from '@mm/config';
import { ReminderMailer, reminderText } from './reminder-mailer';

describe('reminder e-mail text', () => {
  it('says, in Russian, which school, which quarter and which deadline', () => {
    const soon = reminderText({ schoolName: 'Школа № 5', year: 2026, quarter: 3, kind: 'DEADLINE_SOON', deadline: '2026-10-10' });
    expect(soon.subject).toBe('Напоминание: срок сдачи отчёта за 3 квартал 2026 г. — 10.10.2026');
    expect(soon.text).toContain('Отчёт о наставничестве школы «Школа № 5» за 3 квартал 2026 г. ещё не отправлен. Срок сдачи — 10.10.2026.');
    const passed = reminderText({ schoolName: 'Школа № 5', year: 2026, quarter: 4, kind: 'DEADLINE_PASSED', deadline: '2027-01-10' });
    expect(passed.subject).toBe('Срок сдачи отчёта за 4 квартал 2026 г. истёк');
    expect(passed.text).toContain('(10.01.2027) истёк, а отчёт школы «Школа № 5» не отправлен');
    expect(`${soon.subject}${soon.text}${passed.subject}${passed.text}`).not.toMatch(/[A-Za-z]/);
  });
});

describe('ReminderMailer', () => {
  it('is off without SMTP_URL and tells a refused delivery as false (the job records it FAILED)', async () => {
    expect(new ReminderMailer(loadEnvironment({})).configured).toBe(false);
    // A port nothing listens on: the connection is refused at once.
    const mailer = new ReminderMailer(loadEnvironment({ SMTP_URL: 'smtp://127.0.0.1:1', SMTP_FROM: 'monitor@test.local' }));
    expect(mailer.configured).toBe(true);
    await expect(
      mailer.send({ to: 'curator@test.local', schoolName: 'Школа', year: 2026, quarter: 1, kind: 'DEADLINE_SOON', deadline: '2026-04-10' }),
    ).resolves.toBe(false);
    mailer.onApplicationShutdown();
  });
});
