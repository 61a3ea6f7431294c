import { Injectable } from '@nestjs/common';
import { roadmapDayOf } from '@mm/domain';

/** Roadmap deadlines are calendar days; a day is over when it is over in Moscow, like reporting deadlines. */
export { ROADMAP_TIME_ZONE } from '@mm/domain';

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
  today(): string {
    // The same day the ROADMAP_MATRIX export computes states for.
    return roadmapDayOf(new Date());
  }
}
