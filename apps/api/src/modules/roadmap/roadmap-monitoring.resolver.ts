import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../../engine/auth/actor';
import { SchoolMonitoringType } from '../monitoring/monitoring.types';
import { RoadmapLoaders } from './roadmap.loaders';

/**
 * Roadmap figures on the monitoring module's school rows (`SchoolMonitoring`, the rows of
 * districtMonitoring.schools and of schoolMonitoring): kept here so monitoring does not depend on
 * roadmaps. The parent query's guard has already checked the actor and the scope of the row.
 */
@Resolver(() => SchoolMonitoringType)
export class RoadmapMonitoringFieldsResolver {
  constructor(private readonly loaders: RoadmapLoaders) {}

  @ResolveField(() => Int, {
    description:
      "Stages of the school's roadmap for the current school year that are behind schedule today (Moscow time): " +
      'not done and past their deadline, a rejected completion included; 0 without a published roadmap',
  })
  overdueRoadmapStages(@Parent() row: SchoolMonitoringType, @Context() context: { req: { actor: Actor } }): Promise<number> {
    return this.loaders.of(context.req).behindSchedule.load(row.school.id);
  }
}
