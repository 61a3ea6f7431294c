import { Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { RoadmapMonitoringFieldsResolver } from './roadmap-monitoring.resolver';
import { RoadmapLoaders } from './roadmap.loaders';
import { RoadmapRepository } from './roadmap.repository';
import { RoadmapResolver } from './roadmap.resolver';
import { RoadmapService } from './roadmap.service';

/** Roadmaps (DESIGN §7): stages with deadlines published by the district, completed by the schools. */
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    RoadmapRepository,
    RoadmapService,
    RoadmapLoaders,
    RoadmapResolver,
    RoadmapMonitoringFieldsResolver,
  ],
})
export class RoadmapModule {}
