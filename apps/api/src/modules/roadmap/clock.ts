import { Injectable } from '@nestjs/common';

/** Roadmap deadlines are calendar days; a day is over when it is over in Moscow, like reporting deadlines. */
export const ROADMAP_TIME_ZONE = 'Europe/Moscow';

/**
 * Today's date for deadline comparisons. Injected (never `new Date()` in the services) so stage
 * states are a function of the data and this one provider, which tests replace with a fixed day.
 */
export abstract class Clock {
  /** Today as YYYY-MM-DD. */
  abstract today(): string;
}

@Injectable()
export class SystemClock extends Clock {
  private readonly format = new Intl.DateTimeFormat('en-GB', { timeZone: ROADMAP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

  today(): string {
    const parts = Object.fromEntries(this.format.formatToParts(new Date()).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  }
}
