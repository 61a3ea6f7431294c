import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import {
  CompleteRoadmapStageInput,
  DistrictRoadmapArgs,
  PublishRoadmapInput,
  RejectRoadmapStageInput,
  SchoolRoadmapArgs,
  UpdateRoadmapStageInput,
} from './roadmap.inputs';
import { RoadmapService } from './roadmap.service';
import { Roadmap, RoadmapMatrix, RoadmapStage, SchoolRoadmap, SchoolRoadmapStage } from './roadmap.types';

const DISTRICT_ROLES = [Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN] as const;

@Resolver()
export class RoadmapResolver {
  constructor(private readonly roadmaps: RoadmapService) {}

  @Roles(...DISTRICT_ROLES)
  @Mutation(() => Roadmap, {
    description: "Publishes the district's roadmap for a school year: the given stages, or the seven-stage template",
  })
  publishRoadmap(@Args('input') input: PublishRoadmapInput): Promise<Roadmap> {
    return this.roadmaps.publish(input);
  }

  @Roles(...DISTRICT_ROLES)
  @Mutation(() => RoadmapStage, { description: 'Edits a stage of a published roadmap (optimistic: expectedVersion)' })
  updateRoadmapStage(@Args('input') input: UpdateRoadmapStageInput): Promise<RoadmapStage> {
    return this.roadmaps.updateStage(input);
  }

  @Roles(Role.SCHOOL_CURATOR)
  @Mutation(() => SchoolRoadmapStage, { description: "The school's curator marks a stage done, with evidence; again after a rejection" })
  completeRoadmapStage(@Args('input') input: CompleteRoadmapStageInput): Promise<SchoolRoadmapStage> {
    return this.roadmaps.complete(input);
  }

  @Roles(...DISTRICT_ROLES)
  @Mutation(() => SchoolRoadmapStage, {
    description: "Rejects a school's completion of a stage with a comment; the school completes it again",
  })
  rejectRoadmapStage(@Args('input') input: RejectRoadmapStageInput): Promise<SchoolRoadmapStage> {
    return this.roadmaps.reject(input);
  }

  @Roles(...DISTRICT_ROLES)
  @Query(() => Roadmap, {
    nullable: true,
    description: "The district's roadmap with per-stage counts; null when none is published for the year",
  })
  roadmap(@Args() args: DistrictRoadmapArgs): Promise<Roadmap | null> {
    return this.roadmaps.roadmap(args.districtId, args.schoolYear);
  }

  @Roles(...DISTRICT_ROLES)
  @Query(() => RoadmapMatrix, {
    nullable: true,
    description: "The district's schools × stages: state and dates of each; null when no roadmap is published",
  })
  roadmapMatrix(@Args() args: DistrictRoadmapArgs): Promise<RoadmapMatrix | null> {
    return this.roadmaps.matrix(args.districtId, args.schoolYear);
  }

  @Query(() => SchoolRoadmap, {
    nullable: true,
    description: "A school's stages with their states; null when its district has no roadmap for the year",
  })
  schoolRoadmap(@Args() args: SchoolRoadmapArgs): Promise<SchoolRoadmap | null> {
    return this.roadmaps.schoolRoadmap(args.schoolId, args.schoolYear);
  }
}
